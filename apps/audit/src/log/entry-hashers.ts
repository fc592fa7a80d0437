import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { parseChainText } from './chain-text';
import { entryHash } from './entry-hash';

const WORKER_FILE = join(__dirname, 'entry-hash.worker.js');

/**
 * Threads that hash verify's batches (P24) while the main thread reads the next ones and
 * checks the links: hashing every entry is most of verify's work in Node. One thread per
 * core, started on first use. Where no compiled worker file exists (the TypeScript sources
 * under test), or a batch came as JSON, the hashes are computed here instead.
 */
@Injectable()
export class EntryHashers implements OnModuleDestroy {
  private workers?: Worker[];
  private next = 0;
  private jobs = 0;
  private readonly pending = new Map<number, (hashes: string | null) => void>();

  /** The hash of each entry of a batch in the text form (chain-text.ts), in order; null if it does not split. */
  async hashText(text: string, entries: number): Promise<string[] | null> {
    const workers = this.started();
    let hashes: string | null = null;
    if (workers.length) {
      const id = ++this.jobs;
      const worker = workers[this.next++ % workers.length];
      hashes = await new Promise<string | null>((resolve) => {
        this.pending.set(id, resolve);
        worker.postMessage({ id, text, expected: entries });
      });
    }
    if (hashes === null || hashes.length !== entries * 64) {
      return parseChainText(text, entries)?.map(entryHash) ?? null;
    }
    return Array.from({ length: entries }, (_, i) => hashes.slice(i * 64, i * 64 + 64));
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all((this.workers ?? []).map((worker) => worker.terminate()));
  }

  private started(): Worker[] {
    if (this.workers) return this.workers;
    this.workers = [];
    if (!existsSync(WORKER_FILE)) return this.workers;
    for (let i = 0; i < Math.max(1, availableParallelism()); i++) {
      const worker = new Worker(WORKER_FILE);
      worker.on('message', (reply: { id: number; hashes: string | null }) => {
        this.pending.get(reply.id)?.(reply.hashes);
        this.pending.delete(reply.id);
      });
      // A thread that dies leaves its batches to be hashed here; later batches avoid it.
      worker.on('error', () => this.retire(worker));
      worker.unref();
      this.workers.push(worker);
    }
    return this.workers;
  }

  private retire(worker: Worker): void {
    this.workers = this.workers?.filter((w) => w !== worker);
    for (const resolve of this.pending.values()) resolve(null);
    this.pending.clear();
  }
}
