import { parentPort, workerData } from 'node:worker_threads';
import { prepareRow, todayOf } from '../imports/prepared-row';
import { CtfFormatError, CtfReader } from './ctf-parser';
import type { ImportItem, ParsedChunk, ParseThreadInput } from './threaded-ctf-reader';

/**
 * The parsing thread of ThreadedCtfReader: the same CtfReader, fed the chunks the main
 * thread posts (null ends the file), answering the items each chunk completed (each pupil
 * as a prepared row), one message per chunk, before it takes the next.
 */
const port = parentPort!;
const { asOf, school } = workerData as ParseThreadInput;
const inbox: (Uint8Array | null)[] = [];
let arrived: (() => void) | null = null;
port.on('message', (chunk: Uint8Array | null) => {
  inbox.push(chunk);
  arrived?.();
  arrived = null;
});

const reader = new CtfReader(chunks(), { asOf: new Date(asOf) });
let items: ImportItem[] = [];
let chunksTaken = 0;
let today = todayOf();

function answer(): void {
  port.postMessage({ kind: 'items', items, bytesRead: reader.bytesRead } satisfies ParsedChunk);
  items = [];
  today = todayOf();
}

async function* chunks(): AsyncGenerator<Uint8Array> {
  for (;;) {
    // Asked for the next chunk: everything the last one completed has been collected.
    if (chunksTaken++ > 0) answer();
    while (inbox.length === 0) await new Promise<void>((resolve) => (arrived = resolve));
    const chunk = inbox.shift()!;
    if (chunk === null) return;
    yield chunk;
  }
}

async function parse(): Promise<void> {
  try {
    for await (const item of reader) {
      items.push(item.kind === 'pupil' ? { kind: 'row', row: prepareRow(item.pupil, school, today) } : item);
    }
    answer();
    port.postMessage({ kind: 'done' } satisfies ParsedChunk);
  } catch (error) {
    // Whole pupils read before the error go first, as CtfReader hands them over in the main thread.
    answer();
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

void parse();
