import { BadRequestError, Messages } from '../errors';

/** One entry of OpenWhisk's `parameters` / `annotations` arrays. */
export interface KeyValue {
  key: string;
  value: unknown;
  /** Parameter is passed to `/init` as environment rather than to `/run`. */
  init?: boolean;
}

/**
 * Validates an incoming `parameters`/`annotations` array.
 * @throws BadRequestError naming `field` when the shape is wrong.
 */
export function parseKeyValues(input: unknown, field: string): KeyValue[] {
  if (input === undefined || input === null) return [];
  if (!Array.isArray(input)) throw new BadRequestError(Messages.malformedRequest(`'${field}' must be an array of {key, value}`));
  return input.map((item) => {
    if (!item || typeof item !== 'object' || typeof (item as KeyValue).key !== 'string') {
      throw new BadRequestError(Messages.malformedRequest(`'${field}' entries must be objects with a string 'key'`));
    }
    const kv = item as KeyValue;
    const out: KeyValue = { key: kv.key, value: kv.value === undefined ? null : kv.value };
    if (kv.init === true) out.init = true;
    return out;
  });
}

/** Turns a key/value array into an object (later entries win). */
export function toObject(kvs: readonly KeyValue[] | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const kv of kvs ?? []) out[kv.key] = kv.value;
  return out;
}

/** Turns an object into a key/value array. */
export function toKeyValues(obj: Record<string, unknown>): KeyValue[] {
  return Object.entries(obj).map(([key, value]) => ({ key, value }));
}

/** Merges key/value arrays: entries of later arrays replace same-key entries of earlier ones, order kept. */
export function mergeKeyValues(...layers: (readonly KeyValue[] | undefined)[]): KeyValue[] {
  const byKey = new Map<string, KeyValue>();
  for (const layer of layers) for (const kv of layer ?? []) byKey.set(kv.key, kv);
  return [...byKey.values()];
}

/** Removes the given keys from a key/value array. */
export function withoutKeys(kvs: readonly KeyValue[], keys: readonly string[]): KeyValue[] {
  return kvs.filter((kv) => !keys.includes(kv.key));
}

/** The value of `key` in a key/value array, or undefined. */
export function valueOf(kvs: readonly KeyValue[] | undefined, key: string): unknown {
  return kvs?.find((kv) => kv.key === key)?.value;
}

/** Byte size of a value's JSON text. */
export function jsonSize(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value ?? null), 'utf8');
}
