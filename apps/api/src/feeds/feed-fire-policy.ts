import { WispError } from '@wisp/core';

/** What to do after a fire failed: try again, refuse this one event (the feed stays active), or disable the feed. */
export type FireFailure = { kind: 'retry'; reason: string } | { kind: 'refuse'; reason: string } | { kind: 'disable'; reason: string };

/** Delays before the 2nd, 3rd… attempt of one fire, ms (about 15 s in all, as OpenWhisk's alarms provider retries). */
export const FIRE_RETRY_DELAYS_MS = [500, 1_000, 2_000, 4_000, 8_000];

/**
 * Classifies a failed fire the way OpenWhisk's alarms provider does: 408, 429 and 5xx (and anything unexpected, such
 * as a broker hiccup) are transient and retried; the trigger gone (404) or the key no longer allowed (401/403) is
 * permanent and disables the subscription with a stored reason. An event refused for its content (400, 413: not an
 * object, nested too deep) is dropped with the reason stored, and the feed stays active: one hostile message on a
 * topic must neither stop the feed nor come back forever. Other 4xx are permanent and disable it.
 */
export function classifyFireError(e: unknown, trigger: string): FireFailure {
  if (!(e instanceof WispError)) return { kind: 'retry', reason: (e as Error)?.message ?? String(e) };
  const status = e.httpStatus;
  if (status === 408 || status === 429 || status >= 500) return { kind: 'retry', reason: `${status}: ${e.message}` };
  if (status === 400 || status === 413) return { kind: 'refuse', reason: `An event for ${trigger} was refused and not fired (${status}: ${e.message}); the feed stays active.` };
  if (status === 404) return { kind: 'disable', reason: `Trigger ${trigger} no longer exists (404); the feed was disabled.` };
  if (status === 401 || status === 403) return { kind: 'disable', reason: `The key that created the feed may no longer fire ${trigger} (${status}: ${e.message}); the feed was disabled.` };
  return { kind: 'disable', reason: `Firing ${trigger} was refused (${status}: ${e.message}); the feed was disabled.` };
}
