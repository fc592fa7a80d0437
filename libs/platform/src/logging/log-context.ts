import { AsyncLocalStorage } from 'node:async_hooks';

/** What every log line written while handling one request or message carries. */
export interface LogContext {
  requestId?: string;
  tenantId?: string | null;
  actorId?: string | null;
  /** The message pattern or route being handled. */
  op?: string;
}

const storage = new AsyncLocalStorage<LogContext>();

export const logContext = {
  run<T>(context: LogContext, fn: () => T): T {
    return storage.run(context, fn);
  },
  get(): LogContext | undefined {
    return storage.getStore();
  },
  /** Adds fields (e.g. the tenant once the token is verified) to the current context. */
  assign(fields: Partial<LogContext>): void {
    const store = storage.getStore();
    if (store) Object.assign(store, fields);
  },
};
