import { E2E } from '../support/e2e-env';
import { queryOnce } from '../support/sql';

/** One row of the fault matrix. */
export interface ChaosRow {
  fault: string;
  /** Work the platform accepted (202 / an event published to a live feed source). */
  accepted: number;
  /** Accepted work that ended with its record (or fire). */
  records: number;
  lost: number;
  /** Work recorded, run or fired more than once. */
  duplicated: number;
  /** From the fault until the last accepted work had its record, s. */
  recoveryS: number;
  /** What callers saw instead of an acceptance, by status or error code. */
  errors: Record<string, number>;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Counts an error a caller saw. */
export function countError(errors: Record<string, number>, what: string): void {
  errors[what] = (errors[what] ?? 0) + 1;
}

/** Records per activation id among `ids` (a missing id is absent from the map). */
export async function recordsPerId(ids: string[]): Promise<Map<string, number>> {
  const rows = await queryOnce<{ id: string; n: string }>(E2E.databaseUrl, 'SELECT activation_id AS id, count(*) AS n FROM activations WHERE activation_id = ANY($1) GROUP BY 1', [ids]);
  return new Map(rows.map((r) => [r.id.trim(), Number(r.n)]));
}

/** Fires per label of one trigger (its records' `label(result)`). */
export async function firesPerLabel(namespace: string, trigger: string, label: (result: any) => string): Promise<Map<string, number>> {
  const rows = await queryOnce<{ response: { result: unknown } }>(E2E.databaseUrl, 'SELECT response FROM activations WHERE namespace = $1 AND name = $2', [namespace, trigger]);
  const counts = new Map<string, number>();
  for (const r of rows) {
    const key = label(r.response.result);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/**
 * Polls `audit` until nothing accepted is missing or `timeoutMs` passed; returns the last audit and when it was
 * complete (ms after `faultAt`).
 */
export async function settle<T extends { missing: number }>(audit: () => Promise<T>, faultAt: number, timeoutMs: number): Promise<{ result: T; recoveryMs: number }> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const result = await audit();
    if (result.missing === 0 || Date.now() > until) return { result, recoveryMs: Date.now() - faultAt };
    await sleep(500);
  }
}

/** The matrix as a fixed-width table. */
export function matrixTable(rows: ChaosRow[]): string {
  const head = ['fault', 'accepted', 'records', 'lost', 'duplicated', 'recovery s', 'errors callers saw'];
  const body = rows.map((r) => [r.fault, r.accepted, r.records, r.lost, r.duplicated, r.recoveryS.toFixed(1), Object.entries(r.errors).map(([k, n]) => `${k}×${n}`).join(', ') || '-'].map(String));
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}
