import { ErrorCode, Msg, NatsConnection, Subscription } from 'nats';
import { inboxOf } from './nats-connection';

/** Why a request got no reply, in nats.js' own codes (BusClient translates them). */
export interface RequestFailure {
  code: ErrorCode;
}

interface Pending {
  resolve(msg: Msg): void;
  reject(failure: RequestFailure): void;
  timer: NodeJS.Timeout;
}

/**
 * Request/reply over one wildcard inbox subscription, as nats.js' own request does, but
 * without its cost on the success path: nats.js builds a NatsError (a stack capture) for
 * every request it completes, to reject a promise that has already resolved. Failures here
 * are plain codes, made only when a request fails: no responders (the server's 503 status
 * reply), a timeout, or a connection that closed with the request in flight.
 */
export class ReplyInbox {
  private readonly prefix: string;
  private readonly pending = new Map<string, Pending>();
  private subscription?: Subscription;
  private nextToken = 0;

  constructor(private readonly nc: NatsConnection) {
    this.prefix = `${inboxOf(nc)}.`;
  }

  request(subject: string, data: Uint8Array, timeoutMs: number): Promise<Msg> {
    this.subscribe();
    const token = (this.nextToken++).toString(36);
    return new Promise<Msg>((resolve, reject) => {
      const timer = setTimeout(() => this.settle(token)?.reject({ code: ErrorCode.Timeout }), timeoutMs);
      this.pending.set(token, { resolve, reject, timer });
      try {
        this.nc.publish(subject, data, { reply: this.prefix + token });
      } catch (error) {
        this.settle(token);
        reject(error);
      }
    });
  }

  private subscribe(): void {
    if (this.subscription) return;
    const subscription = this.nc.subscribe(`${this.prefix}*`, {
      callback: (err, msg) => {
        if (err) return this.failAll(ErrorCode.ConnectionClosed);
        const pending = this.settle(msg.subject.slice(this.prefix.length));
        if (!pending) return; // a reply after its timeout
        if (msg.data.length === 0 && msg.headers?.code === 503) pending.reject({ code: ErrorCode.NoResponders });
        else pending.resolve(msg);
      },
    });
    this.subscription = subscription;
    void subscription.closed.then(() => {
      if (this.subscription === subscription) this.subscription = undefined;
      this.failAll(ErrorCode.ConnectionClosed);
    });
  }

  private settle(token: string): Pending | undefined {
    const pending = this.pending.get(token);
    if (!pending) return undefined;
    this.pending.delete(token);
    clearTimeout(pending.timer);
    return pending;
  }

  private failAll(code: ErrorCode): void {
    for (const token of [...this.pending.keys()]) this.settle(token)?.reject({ code });
  }
}
