import { parentPort } from 'node:worker_threads';
import { parseChainText } from './chain-text';
import { entryHash } from './entry-hash';

/**
 * A hashing thread of verify (EntryHashers): splits a batch in the text form again and
 * answers the hash of each entry, in order, as one string of 64-character hex hashes.
 */
parentPort?.on('message', (job: { id: number; text: string; expected: number }) => {
  const rows = parseChainText(job.text, job.expected);
  parentPort!.postMessage({ id: job.id, hashes: rows ? rows.map(entryHash).join('') : null });
});
