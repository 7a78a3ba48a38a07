import { BadRequestError, inspectJson, Messages, nestsDeeperThan, PayloadTooLargeError, SystemLimits, toStorableValue } from '@wisp/core';

/**
 * The event of one fire as every later step can carry it: an object (absent is `{}`), nested at most
 * {@link SystemLimits.jsonMaxDepth} levels, and with NUL and lone surrogates escaped as visible text (`\u0000`), so
 * the rule actions, the trigger record and dead letters all see the same storable value.
 *
 * The REST route's edge already refuses such text and nesting in request bytes; this is what feed events (MQTT
 * payloads, PostgreSQL rows, GitHub deliveries) pass, since their bytes come from a tenant's source, not a request.
 * Too deep cannot be escaped, so it is refused; checked without recursion and before any side effect.
 * @throws BadRequestError when the event is not an object; PayloadTooLargeError when it nests too deep.
 */
export function fireEventOf(event: unknown): Record<string, unknown> {
  if (event === undefined || event === null || event === '') return {};
  if (typeof event !== 'object' || Array.isArray(event)) throw new BadRequestError(Messages.malformedRequest('the body must be a JSON object'));
  if (nestsDeeperThan(event, SystemLimits.jsonMaxDepth)) throw new PayloadTooLargeError(Messages.eventTooDeep(SystemLimits.jsonMaxDepth));
  const unsafe = inspectJson(event, SystemLimits.jsonMaxDepth) === 'unsafe-text';
  return (unsafe ? toStorableValue(event) : event) as Record<string, unknown>;
}
