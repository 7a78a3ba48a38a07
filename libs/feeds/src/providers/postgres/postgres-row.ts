import { SystemLimits } from '@wisp/core';

/**
 * A column value as JSON can carry it: dates as ISO strings, bytea as PostgreSQL's `\x…` hex text. Only the row and
 * array columns hold such values; below {@link SystemLimits.jsonMaxDepth} a value can only come from a `json`/`jsonb`
 * column (already plain JSON) and is left as it is, so a tenant's deeply nested document cannot overflow the stack
 * here (the feed runner then refuses the event for its depth).
 */
export function jsonSafe(value: unknown, depth = 0): unknown {
  if (value === null || value === undefined) return value ?? null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (Buffer.isBuffer(value)) return `\\x${value.toString('hex')}`;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value !== 'object' || depth > SystemLimits.jsonMaxDepth) return value;
  if (Array.isArray(value)) return value.map((v) => jsonSafe(v, depth + 1));
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, jsonSafe(v, depth + 1)]));
}

/** A row (or key) as the fire payload carries it; null stays null. */
export function jsonRow(row: Record<string, unknown> | null | undefined): Record<string, unknown> | null {
  return row ? (jsonSafe({ ...row }) as Record<string, unknown>) : null;
}

/** `lsn` minus one byte (`X/Y` hex), see {@link LogicalChangeStream}'s acknowledgements. */
export function lsnMinusOne(lsn: string): string {
  const [hi, lo] = lsn.split('/').map((p) => BigInt(`0x${p}`));
  const value = ((hi << 32n) | lo) - 1n;
  if (value < 0n) return '0/0';
  return `${(value >> 32n).toString(16).toUpperCase()}/${(value & 0xffffffffn).toString(16).toUpperCase()}`;
}

/** Compares two LSNs. */
export function compareLsn(a: string, b: string): number {
  const v = (l: string) => {
    const [hi, lo] = l.split('/').map((p) => BigInt(`0x${p}`));
    return (hi << 32n) | lo;
  };
  const d = v(a) - v(b);
  return d === 0n ? 0 : d < 0n ? -1 : 1;
}
