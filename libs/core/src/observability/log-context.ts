import { AsyncLocalStorage } from 'node:async_hooks';

/** What every log line written on behalf of one request or one activation carries. */
export interface LogContext {
  /** The request id (OpenWhisk's transaction id), from `X-Request-ID` or minted by the API. */
  transactionId?: string;
  /** The activation being served, once there is one. */
  activationId?: string;
}

const storage = new AsyncLocalStorage<LogContext>();

/**
 * Runs `work` (and everything it starts, sync or async) with `context` attached to its log lines. The object itself
 * is the store, so {@link noteActivationId} inside shows in the caller's reference too.
 */
export function withLogContext<T>(context: LogContext, work: () => T): T {
  return storage.run(context, work);
}

/** The context of the running request or activation; undefined outside of one. */
export function currentLogContext(): LogContext | undefined {
  return storage.getStore();
}

/** Names the activation the current request is serving (from here on, its lines carry the id). */
export function noteActivationId(activationId: string): void {
  const store = storage.getStore();
  if (store) store.activationId = activationId;
}
