import { BadRequestError, inspectJson, Messages, PayloadTooLargeError, SystemLimits } from '@wisp/core';

/**
 * Parses request JSON and admits only values every later step can handle: nesting at most
 * {@link SystemLimits.jsonMaxDepth} levels (deeper answers 413, checked without recursion) and no string or key
 * holding NUL or a lone surrogate (400), so nothing downstream (parameter merges, size checks, PostgreSQL) fails on them.
 * @throws BadRequestError for malformed JSON or unsafe text; PayloadTooLargeError for too deep nesting.
 */
export function parseRequestJson(text: string, where = 'the JSON body'): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new BadRequestError(Messages.malformedRequest((e as Error).message));
  }
  assertSafeJson(value, where);
  return value;
}

/** Applies {@link parseRequestJson}'s checks to an already parsed value (query strings, form bodies). */
export function assertSafeJson(value: unknown, where: string): void {
  const problem = inspectJson(value, SystemLimits.jsonMaxDepth);
  if (problem === 'too-deep') throw new PayloadTooLargeError(Messages.nestingTooDeep(SystemLimits.jsonMaxDepth));
  if (problem === 'unsafe-text') throw new BadRequestError(Messages.badCharacter(where));
}
