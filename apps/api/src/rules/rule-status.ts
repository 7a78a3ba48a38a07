import { BadRequestError, Messages, type RuleStatus } from '@wisp/core';

const STATES: readonly RuleStatus[] = ['active', 'inactive'];

/**
 * Reads the state of `POST /rules/{name}` (`{"status": "active"|"inactive"}`), case-sensitive as in OpenWhisk.
 * @throws BadRequestError with OpenWhisk's "not a recognized rule state" text for anything else.
 */
export function parseRuleStatus(body: unknown): RuleStatus {
  const raw = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>).status : undefined;
  if (typeof raw === 'string' && (STATES as readonly string[]).includes(raw)) return raw as RuleStatus;
  throw new BadRequestError(Messages.ruleStateInvalid(typeof raw === 'string' ? raw : JSON.stringify(raw ?? null)));
}
