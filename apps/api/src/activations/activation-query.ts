import { BadRequestError, isActivationId, Messages } from '@wisp/core';
import { parseListQuery, queryFlag } from '../common/list-query';
import type { ActivationQuery } from './activation.store';

/** Validates `GET …/activations` query parameters with OpenWhisk's texts. */
export function parseActivationQuery(namespace: string, q: Record<string, unknown>): { query: ActivationQuery; docs: boolean; count: boolean } {
  const page = parseListQuery(q, 'activations');
  const docs = queryFlag(q.docs);
  if (docs && page.count) throw new BadRequestError(Messages.docsWithCount);
  const query: ActivationQuery = { namespace, skip: page.skip, limit: page.limit };
  if (q.name !== undefined && q.name !== '') {
    const name = String(q.name);
    const parts = name.split('/');
    if (parts.length > 2 || parts.some((p) => p === '')) throw new BadRequestError(Messages.badActivationName(name));
    query.entityName = name;
  }
  const cause = q.cause ?? q.causedBy;
  if (cause !== undefined && cause !== '') query.cause = assertActivationId(String(cause));
  for (const bound of ['since', 'upto'] as const) {
    const raw = q[bound];
    if (raw === undefined || raw === '') continue;
    if (!/^\d+$/.test(String(raw)) || !Number.isSafeInteger(Number(raw))) throw new BadRequestError(Messages.badEpoch(String(raw).slice(0, 64)));
    query[bound] = Number(raw);
  }
  return { query, docs, count: page.count };
}

/** Validates an activation id path segment. @throws BadRequestError for a wrong length or non-hex id. */
export function assertActivationId(id: string): string {
  if (id.length !== 32) throw new BadRequestError(Messages.badActivationIdLength(id.length));
  if (!isActivationId(id)) throw new BadRequestError(Messages.badActivationId);
  return id;
}
