import { parentPort } from 'node:worker_threads';
import { prepareRow, todayOf } from './prepared-row';
import { CtfFormatError, CtfReader } from '../ctf/ctf-parser';
import type { ImportItem, ParsedChunk, ParseThreadInput } from './threaded-ctf-reader';

/**
 * The parsing thread of ThreadedCtfReader: for each file, a `start` message (the day and
 * the school), then the chunks the main thread posts (null ends the file), answering the
 * items each chunk completed (each pupil as a prepared row), one message per chunk, before
 * it takes the next. A thread that answered `done` waits for the next file's `start`.
 */
const port = parentPort!;
let file: FileRead | null = null;

port.on('message', (message: { kind: 'start'; input: ParseThreadInput } | Uint8Array | null) => {
  if (message !== null && !(message instanceof Uint8Array)) {
    file = new FileRead(message.input);
    void file.parse();
  } else file?.take(message);
});

class FileRead {
  private readonly inbox: (Uint8Array | null)[] = [];
  private arrived: (() => void) | null = null;
  private readonly reader: CtfReader;
  private items: ImportItem[] = [];
  private chunksTaken = 0;
  private today = todayOf();

  constructor(private readonly input: ParseThreadInput) {
    this.reader = new CtfReader(this.chunks(), { asOf: new Date(input.asOf) });
  }

  take(chunk: Uint8Array | null): void {
    this.inbox.push(chunk);
    this.arrived?.();
    this.arrived = null;
  }

  private answer(): void {
    port.postMessage({ kind: 'items', items: this.items, bytesRead: this.reader.bytesRead } satisfies ParsedChunk);
    this.items = [];
    this.today = todayOf();
  }

  private async *chunks(): AsyncGenerator<Uint8Array> {
    for (;;) {
      // Asked for the next chunk: everything the last one completed has been collected.
      if (this.chunksTaken++ > 0) this.answer();
      while (this.inbox.length === 0) await new Promise<void>((resolve) => (this.arrived = resolve));
      const chunk = this.inbox.shift()!;
      if (chunk === null) return;
      yield chunk;
    }
  }

  async parse(): Promise<void> {
    const { school } = this.input;
    try {
      for await (const item of this.reader) {
        this.items.push(
          item.kind === 'pupil' ? { kind: 'row', row: prepareRow(item.pupil, school, this.today) } : item,
        );
      }
      this.answer();
      port.postMessage({ kind: 'done' } satisfies ParsedChunk);
    } catch (error) {
      // Whole pupils read before the error go first, as CtfReader hands them over in the main thread.
      this.answer();
      const failure: ParsedChunk =
        error instanceof CtfFormatError
          ? {
              kind: 'format-error',
              message: error.message,
              line: error.line,
              column: error.column,
              pupilsRead: error.pupilsRead,
            }
          : { kind: 'failed', message: error instanceof Error ? error.message : String(error) };
      port.postMessage(failure);
    }
  }
}
