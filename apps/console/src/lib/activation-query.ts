import { outcomeOf, type Outcome } from './outcome';
import type { ActivationDoc } from './types';

/** Time ranges the activations filter offers, in ms back from now (`all`: no lower bound). */
export const TIME_RANGES = { '15m': 15 * 60_000, '1h': 3_600_000, '24h': 86_400_000, '7d': 7 * 86_400_000, all: 0 } as const;
export type TimeRange = keyof typeof TIME_RANGES;

/** What the user filters activations by. */
export interface ActivationFilter {
  /** An action or trigger name (`name` or `pkg/name`), sent as the API's `name` filter. */
  name: string;
  outcome: Outcome | 'any';
  range: TimeRange;
}

/** The query string of `GET …/activations` for a filter and a page; `outcome` is applied client side (no API filter). */
export function activationQuery(f: ActivationFilter, page: { skip: number; limit: number }, now: number): Record<string, string> {
  const q: Record<string, string> = { limit: String(page.limit), skip: String(page.skip), docs: 'false' };
  const name = f.name.trim().replace(/^\/?_\//, '');
  if (name !== '') q.name = name;
  const back = TIME_RANGES[f.range];
  if (back > 0) q.since = String(now - back);
  return q;
}

/** Keeps the activations of one outcome (or all). */
export function filterByOutcome<T extends ActivationDoc>(list: readonly T[], outcome: Outcome | 'any'): T[] {
  return outcome === 'any' ? [...list] : list.filter((a) => outcomeOf(a) === outcome);
}

/**
 * Merges a freshly polled first page into what is shown: newer records replace older copies of the same id
 * (a running activation gets its end), the result is newest first and capped.
 */
export function mergeActivations(shown: readonly ActivationDoc[], fresh: readonly ActivationDoc[], cap: number): ActivationDoc[] {
  const byId = new Map<string, ActivationDoc>();
  for (const a of shown) byId.set(a.activationId, a);
  for (const a of fresh) byId.set(a.activationId, a);
  return [...byId.values()].sort((a, b) => b.start - a.start || b.activationId.localeCompare(a.activationId)).slice(0, cap);
}

/** Paging state from what a page returned: the API has no total, so a full page means there may be a next one. */
export function pageInfo(skip: number, limit: number, received: number): { page: number; hasPrev: boolean; hasNext: boolean } {
  return { page: Math.floor(skip / limit) + 1, hasPrev: skip > 0, hasNext: received >= limit };
}
