/** Raised to waiters when the pool shuts down. */
export class PoolClosedError extends Error {
  constructor() {
    super('the container pool is shutting down');
  }
}
