import { ConflictError, Messages } from '@wisp/core';
import { QueryFailedError } from 'typeorm';

/** Runs `fn` and turns a PostgreSQL unique violation (a concurrent create of the same name) into a 409. */
export async function conflictOnDuplicate<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof QueryFailedError && (e.driverError as { code?: string })?.code === '23505') throw new ConflictError(Messages.resourceExists);
    throw e;
  }
}
