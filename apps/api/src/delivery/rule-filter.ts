import { BadRequestError, type KeyValue, Messages, valueOf } from '@wisp/core';

/**
 * A rule filter, Knative's CloudEvents subscriptions filter model applied to top-level event fields:
 * `{exact: {field: value, …}}`, `{prefix: {…}}`, `{suffix: {…}}` (every listed field must match),
 * `{all: [filters]}`, `{any: [filters]}`, `{not: filter}`. An array at the top level means `all`.
 */
export type RuleFilter =
  | { exact: Record<string, string> }
  | { prefix: Record<string, string> }
  | { suffix: Record<string, string> }
  | { all: RuleFilter[] }
  | { any: RuleFilter[] }
  | { not: RuleFilter };

const DIALECTS = ['exact', 'prefix', 'suffix', 'all', 'any', 'not'] as const;

function invalid(detail: string): BadRequestError {
  return new BadRequestError(Messages.malformedRequest(`annotation 'filter' is not valid: ${detail}`));
}

/** Validates a filter annotation value. @throws BadRequestError naming what is wrong. */
export function parseRuleFilter(value: unknown, path = 'filter'): RuleFilter {
  if (Array.isArray(value)) return { all: value.map((v, i) => parseRuleFilter(v, `${path}[${i}]`)) };
  if (!value || typeof value !== 'object') throw invalid(`${path} must be an object or an array`);
  const keys = Object.keys(value);
  if (keys.length !== 1 || !(DIALECTS as readonly string[]).includes(keys[0])) throw invalid(`${path} must have exactly one of ${DIALECTS.join(', ')}`);
  const [dialect] = keys as (typeof DIALECTS)[number][];
  const body = (value as Record<string, unknown>)[dialect];
  if (dialect === 'all' || dialect === 'any') {
    if (!Array.isArray(body) || body.length === 0) throw invalid(`${path}.${dialect} must be a non-empty array`);
    return { [dialect]: body.map((v, i) => parseRuleFilter(v, `${path}.${dialect}[${i}]`)) } as RuleFilter;
  }
  if (dialect === 'not') return { not: parseRuleFilter(body, `${path}.not`) };
  if (!body || typeof body !== 'object' || Array.isArray(body) || Object.keys(body).length === 0) throw invalid(`${path}.${dialect} must map field names to strings`);
  for (const [k, v] of Object.entries(body)) if (typeof v !== 'string') throw invalid(`${path}.${dialect}.${k} must be a string`);
  return { [dialect]: body } as RuleFilter;
}

/** The stringified value of a top-level field, or undefined when absent or not a scalar. */
function field(event: Record<string, unknown>, name: string): string | undefined {
  const v = event[name];
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}

/** True when `event` passes `filter`. */
export function matchesFilter(filter: RuleFilter, event: Record<string, unknown>): boolean {
  if ('all' in filter) return filter.all.every((f) => matchesFilter(f, event));
  if ('any' in filter) return filter.any.some((f) => matchesFilter(f, event));
  if ('not' in filter) return !matchesFilter(filter.not, event);
  const [dialect, fields] = Object.entries(filter)[0] as ['exact' | 'prefix' | 'suffix', Record<string, string>];
  return Object.entries(fields).every(([name, expected]) => {
    const actual = field(event, name);
    if (actual === undefined) return false;
    if (dialect === 'exact') return actual === expected;
    return dialect === 'prefix' ? actual.startsWith(expected) : actual.endsWith(expected);
  });
}

/** The filter of a rule's annotations, or undefined when it has none. */
export function ruleFilterOf(annotations: readonly KeyValue[]): RuleFilter | undefined {
  const v = valueOf(annotations, 'filter');
  return v === undefined || v === null ? undefined : parseRuleFilter(v);
}
