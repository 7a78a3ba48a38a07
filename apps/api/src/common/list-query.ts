import { BadRequestError, Messages, SystemLimits } from '@wisp/core';

/** Parsed `skip` / `limit` / `count` of a list request. */
export interface ListQuery {
  skip: number;
  limit: number;
  count: boolean;
}

function integer(raw: unknown, collection: string): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const s = String(raw);
  // Past 2^53 a number is no longer the integer that was sent, and past 2^63 PostgreSQL's bigint overflows.
  if (!/^-?\d+$/.test(s) || !Number.isSafeInteger(Number(s))) throw new BadRequestError(Messages.notInteger(s.slice(0, 64), collection));
  return Number(s);
}

/** True for the query-string forms of true. */
export function queryFlag(raw: unknown): boolean {
  return raw === 'true' || raw === true;
}

/**
 * Validates list paging with OpenWhisk's rules: skip ≥ 0; limit 0..200 (0 = 200, default 30).
 * @throws BadRequestError with OpenWhisk's texts, naming the collection.
 */
export function parseListQuery(q: Record<string, unknown>, collection: string): ListQuery {
  const skip = integer(q.skip, collection) ?? 0;
  if (skip < 0) throw new BadRequestError(Messages.notNonNegative(String(skip), collection));
  const limit = integer(q.limit, collection) ?? SystemLimits.listDefault;
  if (limit < 0 || limit > SystemLimits.listMax) throw new BadRequestError(Messages.limitOutOfRange(String(limit), collection));
  return { skip, limit: limit === 0 ? SystemLimits.listMax : limit, count: queryFlag(q.count) };
}
