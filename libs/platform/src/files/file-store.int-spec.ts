import { testNatsUrl, uniqueTestName } from '@pt/testing';
import { randomBytes } from 'node:crypto';
import { connect, NatsConnection } from 'nats';
import { SubjectNamespace } from '../bus/subject-namespace';
import { BaseConfig } from '../config/base.config';
import { FileStore, FileTooLargeError } from './file-store';

describe('FileStore: files in transit through the JetStream object store', () => {
  let nc: NatsConnection;
  let files: FileStore;

  beforeAll(async () => {
    nc = await connect({ servers: testNatsUrl() });
    const config = Object.assign(new BaseConfig(), { FILES_TTL_HOURS: 1, FILES_REPLICAS: 1 });
    files = new FileStore(nc, new SubjectNamespace(uniqueTestName('files')), config);
  });

  afterAll(async () => {
    const jsm = await nc.jetstreamManager();
    await jsm.streams.delete(`OBJ_${files.bucketName}`).catch(() => undefined);
    await nc.close();
  });

  async function* chunksOf(data: Buffer, size: number): AsyncGenerator<Uint8Array> {
    for (let at = 0; at < data.length; at += size) yield data.subarray(at, at + size);
  }

  it('streams a file larger than a NATS message in and out unchanged, with its metadata', async () => {
    const data = randomBytes(3 * 1024 * 1024 + 17);
    const stored = await files.put('upload-1', chunksOf(data, 64 * 1024), { metadata: { contentType: 'text/xml' } });
    expect(stored.size).toBe(data.length);

    const opened = await files.open('upload-1');
    const parts: Buffer[] = [];
    for await (const chunk of opened!.content) parts.push(Buffer.from(chunk));
    expect(Buffer.concat(parts).equals(data)).toBe(true);
    expect(opened!.file.metadata).toEqual({ contentType: 'text/xml' });
  });

  it('reads at the pace of its reader, and an empty file as no content', async () => {
    const data = randomBytes(2 * 1024 * 1024 + 5);
    await files.put('paced', data);
    const opened = await files.open('paced');
    const parts: Buffer[] = [];
    for await (const chunk of opened!.content) {
      parts.push(Buffer.from(chunk));
      // A slow reader: nothing more is fetched meanwhile, and nothing is lost.
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(Buffer.concat(parts).equals(data)).toBe(true);

    await files.put('empty', Buffer.alloc(0));
    const empty: Buffer[] = [];
    for await (const chunk of (await files.open('empty'))!.content) empty.push(chunk);
    expect(empty).toEqual([]);
  });

  it('refuses content over the limit and keeps nothing of it', async () => {
    const data = randomBytes(300 * 1024);
    await expect(files.put('too-big', chunksOf(data, 32 * 1024), { maxBytes: 100 * 1024 })).rejects.toBeInstanceOf(
      FileTooLargeError,
    );
    expect(await files.info('too-big')).toBeNull();
    expect(await files.open('too-big')).toBeNull();
  });

  it('stores compressed content in fewer bytes and gives it back as it was, paced by its reader', async () => {
    // Repetitive text, as a CTF is: several stored chunks even compressed, many pieces once inflated.
    const row = (n: number) =>
      `<Pupil><UPN>A${String(n).padStart(12, '0')}</UPN><Surname>Name${n % 97}</Surname></Pupil>\n`;
    const data = Buffer.from(Array.from({ length: 200_000 }, (_, n) => row(n)).join(''));
    const stored = await files.put('compressed', chunksOf(data, 64 * 1024), {
      compress: true,
      metadata: { contentType: 'application/xml' },
    });
    expect(stored.size).toBe(data.length);
    const info = await files.info('compressed');
    expect(info!.size).toBeLessThan(data.length / 5);
    expect(info!.metadata).toEqual({ contentType: 'application/xml', encoding: 'gzip' });

    const opened = await files.open('compressed');
    const parts: Buffer[] = [];
    for await (const chunk of opened!.content) {
      parts.push(Buffer.from(chunk));
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(parts.length).toBeGreaterThan(10);
    expect(Buffer.concat(parts).equals(data)).toBe(true);
  });

  it('refuses compressed content over the limit by its own size, and keeps nothing of it', async () => {
    // Zeros compress a thousandfold: the limit is on what was sent, not on what is stored.
    const data = Buffer.alloc(300 * 1024);
    await expect(
      files.put('too-big-compressed', chunksOf(data, 32 * 1024), { maxBytes: 100 * 1024, compress: true }),
    ).rejects.toBeInstanceOf(FileTooLargeError);
    expect(await files.info('too-big-compressed')).toBeNull();
  });

  it('reads small files whole and forgets deleted ones', async () => {
    await files.put('small', Buffer.from('hello'));
    expect((await files.read('small'))!.content.toString()).toBe('hello');
    await files.delete('small');
    expect(await files.read('small')).toBeNull();
    await files.delete('never-there');
  });

  it("P25: a school's purge deletes every file of the school, and no other school's", async () => {
    const school = 'a1b2c3d4-0000-4000-8000-000000000001';
    await files.put('purge-a', randomBytes(10), { metadata: { tenantId: school, purpose: 'ctf-export' } });
    await files.put('purge-b', randomBytes(10), { metadata: { tenantId: school, purpose: 'photo-download' } });
    await files.put('purge-other', randomBytes(10), {
      metadata: { tenantId: 'another-school', purpose: 'ctf-export' },
    });
    expect(await files.deleteOfTenant(school)).toBe(2);
    expect(await files.info('purge-a')).toBeNull();
    expect(await files.info('purge-b')).toBeNull();
    expect(await files.info('purge-other')).not.toBeNull();
    expect(await files.deleteOfTenant(school)).toBe(0);
  });
});
