import { Injectable } from '@nestjs/common';

/**
 * Lets components react right after a unit of work commits (the outbox relay wakes up
 * instead of waiting for its next poll).
 */
@Injectable()
export class TransactionEvents {
  private readonly listeners = new Set<() => void>();

  onCommit(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  committed(): void {
    for (const listener of this.listeners) listener();
  }
}
