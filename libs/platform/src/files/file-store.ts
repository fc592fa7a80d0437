import { Inject, Injectable } from '@nestjs/common';
import { MsgRequest, NatsConnection, nanos, ObjectStore, StorageType } from 'nats';
import { createHash } from 'node:crypto';
import { pipeline, Readable } from 'node:stream';
import { constants as zlibConstants, createGunzip, createGzip } from 'node:zlib';
import { NATS_CONNECTION } from '../bus/nats-connection';
import { SUBJECT_NAMESPACE, SubjectNamespace } from '../bus/subject-namespace';
import { BaseConfig } from '../config/base.config';
import { fileBucketName } from './file-bucket-name';

/** nats.js 2.29's manager has the DIRECT.GET API but leaves it out of the JetStreamManager type. */
interface DirectGet {
  direct: {
    getMessage(
      stream: string,
      query: { next_by_subj: string; seq: number },
    ): Promise<{ seq: number; data: Uint8Array }>;
  };
}

export interface StoredFile {
  name: string;
  /** From `put`, the content's bytes; from `info` and `open`, the bytes stored (compressed ones for a `compress`ed file). */
  size: number;
  metadata: Record<string, string>;
}

/** The metadata key and value that mark a file stored gzip-compressed (`put`'s `compress`); `open` undoes it. */
export const FILE_ENCODING_KEY = 'encoding';
const GZIP = 'gzip';

/**
 * Bytes per piece of a compressed file's content handed to the reader: about what a stored chunk held
 * before compression, so a parser sees pieces of the size it saw for an uncompressed file.
 */
const INFLATED_PIECE_BYTES = 256 * 1024;

export interface PutFileOptions {
  /** Refuse (and remove what was written) once the content grows past this many bytes. */
  maxBytes?: number;
  /** Small, non-personal facts kept with the file (content type, tenant id, purpose). */
  metadata?: Record<string, string>;
  /**
   * Store the content gzip-compressed (fastest level) and give it back uncompressed from `open`. For
   * large, repetitive text such as a CTF (43 MB of XML is 2.2 MB): a twentieth of the bytes crosses
   * NATS, JetStream's disk and both processes' socket reads, for about 0.1 s of zlib on a pool thread.
   */
  compress?: boolean;
}

/** Thrown while reading when the content does not match the digest the store keeps. */
export class StoredFileCorruptError extends Error {
  constructor() {
    super('the stored file does not match its digest');
    this.name = 'StoredFileCorruptError';
  }
}

/** Thrown by `put` when the content is larger than `maxBytes`; nothing is kept. */
export class FileTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`file larger than ${maxBytes} bytes`);
    this.name = 'FileTooLargeError';
  }
}

/**
 * Files in transit between the gateway and services (CTF uploads, photographs, exports,
 * subject-access bundles). NATS messages are capped at 1 MB, so a file travels through a
 * JetStream object store in chunks, streamed on both sides, and only its name crosses the
 * bus. The bucket expires everything after FILES_TTL_HOURS: it is a hand-over point, not a
 * place where data is kept; owners delete a file as soon as it has been consumed.
 */
/**
 * Bytes per stored chunk (the object store's default is 128 KB). A reader fetches chunk by chunk,
 * one round trip each, so a 43 MB CTF was 340 round trips before its last pupil; at 512 KB it is 85.
 * Under NATS's default 1 MB max_payload; memory holds a few chunks on either side.
 */
export const FILE_CHUNK_BYTES = 512 * 1024;

@Injectable()
export class FileStore {
  private bucket?: Promise<ObjectStore>;
  readonly bucketName: string;

  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(SUBJECT_NAMESPACE) namespace: SubjectNamespace,
    private readonly config: BaseConfig,
  ) {
    this.bucketName = fileBucketName(namespace.namespace);
  }

  /** Streams `source` into the store under `name`, never holding it whole in memory. */
  async put(
    name: string,
    source: AsyncIterable<Uint8Array> | Uint8Array,
    options: PutFileOptions = {},
  ): Promise<StoredFile> {
    const store = await this.store();
    let size = 0;
    let tooLarge = false;
    async function* counted(): AsyncGenerator<Uint8Array> {
      for await (const chunk of source instanceof Uint8Array ? toAsync(source) : source) {
        size += chunk.byteLength;
        if (options.maxBytes !== undefined && size > options.maxBytes) {
          tooLarge = true;
          throw new FileTooLargeError(options.maxBytes);
        }
        yield chunk;
      }
    }
    let content: AsyncIterable<Uint8Array> = counted();
    if (options.compress) {
      // zlib runs on libuv's pool; the pipeline passes a source's error (too large, a reset upload) on to the reader.
      const gzip = createGzip({ level: zlibConstants.Z_BEST_SPEED, chunkSize: 64 * 1024 });
      pipeline(Readable.from(content), gzip, () => undefined);
      content = gzip;
    }
    const iterator = content[Symbol.asyncIterator]();
    const stream = new ReadableStream<Uint8Array>({
      async pull(controller) {
        try {
          const next = await iterator.next();
          if (next.done) return controller.close();
          controller.enqueue(next.value);
        } catch (error) {
          await iterator.return?.();
          controller.error(error);
        }
      },
      async cancel() {
        await iterator.return?.();
      },
    });
    const metadata = options.compress ? { ...options.metadata, [FILE_ENCODING_KEY]: GZIP } : options.metadata;
    try {
      const info = await store.put({ name, metadata, options: { max_chunk_size: FILE_CHUNK_BYTES } }, stream);
      return { name, size: options.compress ? size : info.size, metadata: info.metadata ?? {} };
    } catch (error) {
      await store.delete(name).catch(() => undefined);
      if (tooLarge) throw new FileTooLargeError(options.maxBytes!);
      throw error;
    }
  }

  /**
   * The file's content as a Node stream (for a parser or an HTTP reply), or null if absent.
   * Read at the reader's pace: each chunk is fetched from JetStream only when the stream is
   * asked for more, so memory holds a few chunks whatever the file's size. (The object
   * store's own `get` pushes every chunk as fast as NATS delivers it: a 43 MB CTF added
   * about 170 MB to a parser's process.) The SHA-256 digest the store keeps is checked at
   * the end; a mismatch fails the stream with StoredFileCorruptError.
   */
  async open(name: string): Promise<{ file: StoredFile; content: Readable } | null> {
    const store = await this.store();
    const info = await store.info(name);
    if (!info || info.deleted) return null;
    const jsm = await this.nc.jetstreamManager();
    const stream = `OBJ_${this.bucketName}`;
    const subject = `$O.${this.bucketName}.C.${info.nuid}`;
    async function* chunks(): AsyncGenerator<Buffer> {
      const sha = createHash('sha256');
      let size = 0;
      // One direct get per chunk, the next only when the reader asks. (A consumer's
      // consume() pulls ahead of the reader, and an ordered consumer's fetch skipped
      // chunks under a slow reader, on nats.js 2.29.) DIRECT.GET answers with the chunk's
      // bytes as they are; STREAM.MSG.GET wraps them in base64 inside JSON, which cost a
      // 43 MB import 1.8 s of decoding and its garbage. A replica that has not caught up
      // may not have the chunk yet: that one is read through the stream's leader instead.
      const fetchAfter = (after: number) => {
        const next = { next_by_subj: subject, seq: after + 1 };
        const fetched = (jsm as unknown as DirectGet).direct
          .getMessage(stream, next)
          // The server's STREAM.MSG.GET takes next_by_subj (2.9+); nats.js types it only on the direct-get API.
          .catch(() => jsm.streams.getMessage(stream, next as unknown as MsgRequest));
        // Awaited below; a reader that stops early leaves the last one unread.
        fetched.catch(() => undefined);
        return fetched;
      };
      let pending = info!.chunks > 0 ? fetchAfter(0) : null;
      for (let chunk = 0; chunk < info!.chunks; chunk++) {
        const message = await pending!;
        // The next chunk is asked for before this one is handed over, so its round trip overlaps the
        // reader's work on this one (one chunk ahead: a 43 MB CTF's chunks were a round trip each, in turn).
        pending = chunk + 1 < info!.chunks ? fetchAfter(message.seq) : null;
        sha.update(message.data);
        size += message.data.length;
        yield Buffer.from(message.data.buffer, message.data.byteOffset, message.data.byteLength);
      }
      // Base64url, padded; Node's base64 decoder reads both alphabets.
      const expected = Buffer.from(info!.digest.replace(/^SHA-256=/i, ''), 'base64');
      if (size !== info!.size || !expected.equals(sha.digest())) throw new StoredFileCorruptError();
    }
    const stored = Readable.from(chunks(), { objectMode: false });
    if (info.metadata?.[FILE_ENCODING_KEY] !== GZIP) {
      return { file: { name, size: info.size, metadata: info.metadata ?? {} }, content: stored };
    }
    // Inflated as the reader asks (zlib waits while its output is unread), so memory stays a few pieces.
    const gunzip = createGunzip({ chunkSize: INFLATED_PIECE_BYTES });
    pipeline(stored, gunzip, () => undefined);
    return { file: { name, size: info.size, metadata: info.metadata ?? {} }, content: gunzip };
  }

  /** A small file read whole (photographs, bundles under a few MB); null if absent. */
  async read(name: string): Promise<{ file: StoredFile; content: Buffer } | null> {
    const opened = await this.open(name);
    if (!opened) return null;
    const chunks: Buffer[] = [];
    for await (const chunk of opened.content) chunks.push(Buffer.from(chunk as Uint8Array));
    return { file: opened.file, content: Buffer.concat(chunks) };
  }

  async info(name: string): Promise<StoredFile | null> {
    const info = await (await this.store()).info(name);
    if (!info || info.deleted) return null;
    return { name, size: info.size, metadata: info.metadata ?? {} };
  }

  async delete(name: string): Promise<void> {
    const store = await this.store();
    await store.delete(name).catch((error: unknown) => {
      if (!String((error as Error)?.message ?? '').includes('not found')) throw error;
    });
  }

  /**
   * P25: deletes every file a school's requests left in the store (each is put with its
   * school's `tenantId` in its metadata), whichever service put it: the store is one bucket
   * for the namespace. Answers how many went. What is put while this runs expires within
   * FILES_TTL_HOURS like everything else here.
   */
  async deleteOfTenant(tenantId: string): Promise<number> {
    const store = await this.store();
    const files = await store.list();
    const ofTenant = files.filter((file) => !file.deleted && file.metadata?.tenantId === tenantId);
    for (const file of ofTenant) await this.delete(file.name);
    return ofTenant.length;
  }

  private store(): Promise<ObjectStore> {
    this.bucket ??= this.nc
      .jetstream()
      .views.os(this.bucketName, {
        storage: StorageType.File,
        ttl: nanos(this.config.FILES_TTL_HOURS * 3600 * 1000),
        replicas: this.config.FILES_REPLICAS,
      })
      .catch((error: unknown) => {
        this.bucket = undefined;
        throw error;
      });
    return this.bucket;
  }
}

async function* toAsync(data: Uint8Array): AsyncGenerator<Uint8Array> {
  yield data;
}
