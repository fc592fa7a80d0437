import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { prepareRow, PreparedRow, SchoolNumbers, todayOf } from './prepared-row';
import { CtfFormatError, CtfHeader, CtfReader, CtfReadOptions } from '../ctf/ctf-parser';

const WORKER_FILE = join(__dirname, 'ctf-parse.worker.js');

/** Chunks handed to the parsing thread ahead of what it has answered: it parses one while we take the other's pupils. */
const CHUNKS_AHEAD = 2;

/**
 * The parsing thread's heap. Memory holds a few chunks and the pupils they complete, so this
 * is far above what it needs; a young generation larger than V8's default spends less of
 * the parse collecting the short-lived strings of each element.
 */
const THREAD_LIMITS = { maxOldGenerationSizeMb: 96, maxYoungGenerationSizeMb: 48 };

export interface ParseThreadInput {
  asOf: string;
  /** The importing school's numbers, for the pupils' spells at this school. */
  school: SchoolNumbers | null;
}

/** The header, or a pupil as a row prepared for the import (prepared-row.ts). */
export type ImportItem = { kind: 'header'; header: CtfHeader } | { kind: 'row'; row: PreparedRow };

/** What the parsing thread answers: the items a chunk completed, the end, or why it stopped. */
export type ParsedChunk =
  | { kind: 'items'; items: ImportItem[]; bytesRead: number }
  | { kind: 'done' }
  | { kind: 'format-error'; message: string; line: number | null; column: number | null; pupilsRead: number }
  | { kind: 'failed'; message: string };

/** What the reader needs besides the file: the day FSM is judged on, and the importing school. */
export interface ThreadedCtfReadOptions extends CtfReadOptions {
  school?: SchoolNumbers | null;
}

/**
 * CtfReader's items, parsed on a thread of their own (ctf-parse.worker.ts), each pupil
 * prepared there for the import (prepared-row.ts: the school's spell, the rules as a new
 * pupil, the insert's COPY line): the XML parse is most of an import's CPU in Node, and on
 * its own thread it overlaps the statements and the outbox relay on the main one. The same
 * reader runs there, so the same rules hold (entities never expanded beyond XML's five, the
 * same errors, pupils read before a syntax error handed over first). Paced by the consumer
 * as CtfReader is: a chunk goes to the thread only when the consumer takes the items of an
 * earlier one, so memory holds CHUNKS_AHEAD chunks and their pupils, whatever the file's
 * size. Where no compiled worker file exists (the TypeScript sources under test) the file
 * is parsed and prepared here instead.
 */
export class ThreadedCtfReader {
  private consumed = 0;
  private pupils = 0;

  constructor(
    private readonly source: AsyncIterable<Buffer | Uint8Array | string>,
    private readonly options: ThreadedCtfReadOptions = {},
  ) {}

  /** Bytes of the source parsed so far (progress). */
  get bytesRead(): number {
    return this.consumed;
  }

  get pupilsRead(): number {
    return this.pupils;
  }

  /**
   * The items as the thread answers them: those one chunk completed, in one array. An importer
   * takes a chunk's pupils in one step rather than one asynchronous step per pupil (per pupil,
   * the async generators' promises, each through the service's async hooks, and their garbage).
   */
  async *pieces(): AsyncGenerator<ImportItem[]> {
    const school = this.options.school ?? null;
    if (!existsSync(WORKER_FILE)) {
      const reader = new CtfReader(this.source, this.options);
      for await (const item of reader) {
        this.consumed = reader.bytesRead;
        if (item.kind === 'header') yield [item];
        else {
          this.pupils++;
          yield [{ kind: 'row', row: prepareRow(item.pupil, school, todayOf()) }];
        }
      }
      this.consumed = reader.bytesRead;
      return;
    }
    const worker = takeThread();
    worker.postMessage({
      kind: 'start',
      input: { asOf: (this.options.asOf ?? new Date()).toISOString(), school } satisfies ParseThreadInput,
    });
    const answers: ParsedChunk[] = [];
    let wake: (() => void) | null = null;
    let crashed: Error | null = null;
    let done = false;
    const arrived = () => {
      wake?.();
      wake = null;
    };
    const onMessage = (answer: ParsedChunk) => {
      answers.push(answer);
      arrived();
    };
    const onError = (error: Error) => {
      crashed ??= error;
      arrived();
    };
    const onExit = (code: number) => {
      crashed ??= new Error(`the CTF parsing thread exited (${code})`);
      arrived();
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    const source = this.source[Symbol.asyncIterator]();
    let sourceDone = false;
    let ahead = 0;
    const feed = async () => {
      while (!sourceDone && ahead < CHUNKS_AHEAD) {
        const next = await source.next();
        if (next.done) {
          sourceDone = true;
          worker.postMessage(null);
          return;
        }
        // A copy of just the chunk's bytes, moved rather than cloned: a view would clone all of
        // the buffer under it (the NATS message it was read from).
        const chunk =
          typeof next.value === 'string' ? new TextEncoder().encode(next.value) : new Uint8Array(next.value);
        worker.postMessage(chunk, [chunk.buffer as ArrayBuffer]);
        ahead++;
      }
    };
    try {
      await feed();
      for (;;) {
        while (answers.length === 0 && !crashed) await new Promise<void>((resolve) => (wake = resolve));
        const answer = answers.shift();
        if (!answer) throw crashed!;
        if (answer.kind === 'done') {
          done = true;
          return;
        }
        if (answer.kind === 'format-error') {
          throw new CtfFormatError(answer.message, answer.line, answer.column, answer.pupilsRead);
        }
        if (answer.kind === 'failed') throw new Error(answer.message);
        ahead--;
        this.consumed = answer.bytesRead;
        // The next chunk is on its way before these pupils are handed over, so the thread parses meanwhile.
        await feed();
        for (const item of answer.items) if (item.kind === 'row') this.pupils++;
        if (answer.items.length) yield answer.items;
      }
    } finally {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      // A thread that read the file to its end waits for the next one; any other (an error, a reader that
      // stopped early, chunks perhaps still in its inbox) is ended.
      if (done && !crashed) keepThread(worker);
      else await worker.terminate();
      if (!sourceDone) await source.return?.();
    }
  }
}

/**
 * The parsing thread between files. Starting one (and compiling the parser anew in it) cost
 * each import about 60 ms before its first pupil and another 100 ms of slower parsing; kept,
 * it costs its idle heap, and it does not keep the process alive.
 */
let idleThread: Worker | null = null;

function takeThread(): Worker {
  const kept = idleThread;
  idleThread = null;
  if (kept) {
    kept.ref();
    return kept;
  }
  const worker = new Worker(WORKER_FILE, { resourceLimits: THREAD_LIMITS });
  // While it waits between files nobody else listens: an error must not be thrown as unhandled, and a
  // thread that ended is not handed out again.
  worker.on('error', () => undefined);
  worker.on('exit', () => {
    if (idleThread === worker) idleThread = null;
  });
  return worker;
}

function keepThread(worker: Worker): void {
  worker.unref();
  if (idleThread) void worker.terminate();
  else idleThread = worker;
}

/** Ends the kept parsing thread (a service that stops). */
export async function stopCtfParseThread(): Promise<void> {
  const kept = idleThread;
  idleThread = null;
  await kept?.terminate();
}
