/**
 * Every escape sequence in JSON text, taken left to right so `\\` pairs stay aligned: a backslash in JSON text
 * always starts an escape, so the sequence after it is either `uXXXX` or one character.
 */
const ESCAPE = /\\(u[0-9a-fA-F]{4}|[^u])/g;
/** `\u0000` and the surrogate range; `JSON.stringify` writes paired surrogates raw, so only lone ones are escaped. */
const UNSTORABLE = /^u(0000|[dD][89a-fA-F][0-9a-fA-F]{2})$/;

/**
 * JSON text that PostgreSQL's `jsonb` accepts for any value: `JSON.stringify`, then every `\u0000` and every
 * lone-surrogate escape (`\ud800`…`\udfff`) is itself escaped, so it is stored as the six visible characters
 * `\u0000` / `\ud83d` instead of being refused. Nothing is dropped; a reader sees the escape as text.
 * (A string that already held those six characters reads back the same: the escape is not reversible, by design.)
 */
export function toStorableJson(value: unknown): string {
  const text = JSON.stringify(value ?? null);
  if (!text.includes('\\u')) return text;
  return text.replace(ESCAPE, (whole, seq: string) => (UNSTORABLE.test(seq) ? `\\\\${seq}` : whole));
}

/** A value re-read from {@link toStorableJson}: the same value with NUL and lone surrogates escaped as text. */
export function toStorableValue<T>(value: T): T {
  return JSON.parse(toStorableJson(value)) as T;
}

/**
 * A string that PostgreSQL's `text` accepts: NUL and lone surrogates escaped the same way as in {@link toStorableJson}.
 */
export function toStorableText(s: string): string {
  return toStorableValue(s);
}
