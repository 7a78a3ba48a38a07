import type { KeyValue } from './types';

/** The value of `key` in an OpenWhisk key/value list, or undefined. */
export function annotation(list: readonly KeyValue[] | undefined, key: string): unknown {
  return list?.find((a) => a.key === key)?.value;
}

/** `{a: 1}` → `[{key: 'a', value: 1}]`, in key order of the object. */
export function toKeyValues(obj: Record<string, unknown>): KeyValue[] {
  return Object.entries(obj).map(([key, value]) => ({ key, value }));
}

/** `[{key: 'a', value: 1}]` → `{a: 1}` (a later duplicate key wins, as the API's merge does). */
export function fromKeyValues(list: readonly KeyValue[] | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const { key, value } of list ?? []) out[key] = value;
  return out;
}
