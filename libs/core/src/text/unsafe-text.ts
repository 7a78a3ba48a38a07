/** A NUL character, an unpaired high surrogate, or an unpaired low surrogate. */
const UNSAFE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * True when `s` holds text PostgreSQL cannot store: NUL (refused by `text` and `jsonb`) or a lone UTF-16 surrogate
 * (refused by `jsonb`, silently turned into U+FFFD by the UTF-8 encoder for `text`).
 */
export function hasUnsafeText(s: string): boolean {
  return UNSAFE.test(s);
}

/** What {@link inspectJson} found wrong with a value, if anything. */
export type JsonProblem = 'too-deep' | 'unsafe-text';

/**
 * Walks a parsed JSON value without recursion (a hostile body cannot blow the stack) and reports the first problem:
 * arrays/objects nested deeper than `maxDepth` (the top-level container is depth 1), or (unless `text` is false) a
 * string or key holding NUL or a lone surrogate. Undefined when the value is safe to store and to serialise.
 */
export function inspectJson(value: unknown, maxDepth: number, text = true): JsonProblem | undefined {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v === 'string') {
      if (text && hasUnsafeText(v)) return 'unsafe-text';
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth + 1 > maxDepth) return 'too-deep';
    if (Array.isArray(v)) {
      for (const item of v) stack.push([item, depth + 1]);
      continue;
    }
    for (const [k, item] of Object.entries(v as Record<string, unknown>)) {
      if (text && hasUnsafeText(k)) return 'unsafe-text';
      stack.push([item, depth + 1]);
    }
  }
  return undefined;
}

/**
 * True when `value` nests arrays and objects deeper than `maxDepth`, checked without recursion. Such a value breaks
 * `JSON.stringify` (stack overflow) and PostgreSQL's `jsonb` long before memory runs out, so it is refused, never escaped.
 */
export function nestsDeeperThan(value: unknown, maxDepth: number): boolean {
  return inspectJson(value, maxDepth, false) === 'too-deep';
}
