import { Client, type ClientConfig } from 'pg';

/** The text pg gives a query whose answer did not arrive within `query_timeout`. */
export const QUERY_READ_TIMEOUT = 'Query read timeout';

/**
 * A pg client that is discarded once a query's answer is overdue. pg rejects such a query but keeps the connection,
 * whose socket still waits for that answer: every later query on it would queue behind a server that may never reply
 * (a paused or partitioned PostgreSQL). Destroying the socket makes the pool drop the client and open a fresh one, so
 * the pool recovers by itself once PostgreSQL answers again.
 */
export class DeadlinePgClient extends Client {
  constructor(config?: string | ClientConfig) {
    super(config);
  }

  override query(...args: unknown[]): never {
    const result = (super.query as (...a: unknown[]) => unknown)(...args);
    if (result instanceof Promise) {
      result.catch((e: Error) => {
        if (e?.message === QUERY_READ_TIMEOUT) this.discard();
      });
    }
    return result as never;
  }

  private discard(): void {
    const connection = (this as unknown as { connection?: { stream?: { destroy(): void } } }).connection;
    connection?.stream?.destroy();
  }
}
