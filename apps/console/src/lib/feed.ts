import { annotation } from './annotations';
import { splitPath, type EntityPath } from './names';
import type { FeedRead, TriggerDoc } from './types';

/** A feed's health as the console shows it. */
export type FeedState = 'active' | 'paused' | 'disabled' | 'unknown';

/** A trigger's feed, read from its `feed` annotation and (when fetched) its READ. */
export interface FeedSummary {
  /** The feed action, e.g. `/whisk.system/alarms/alarm`. */
  action: string;
  path: EntityPath;
  kind?: string;
  state: FeedState;
  reason?: string;
  firedCount?: number;
  lastFiredAt?: string;
  /** Provider details without secrets (the webhook URL of a GitHub feed, …). */
  details?: Record<string, unknown>;
  config?: Record<string, unknown>;
}

/** The feed action of a trigger (its `feed` annotation), if it has one. */
export function feedActionOf(t: TriggerDoc): string | undefined {
  const v = annotation(t.annotations, 'feed');
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** Maps a READ result to a state: inactive with reason `paused` is paused; any other inactive feed is disabled. */
export function feedSummary(action: string, read?: FeedRead): FeedSummary {
  const base: FeedSummary = { action, path: splitPath(action), state: 'unknown' };
  if (!read?.status) return base;
  const { active, reason, firedCount, lastFiredAt } = read.status;
  const state: FeedState = active ? 'active' : reason === 'paused' ? 'paused' : 'disabled';
  const kind = typeof read.config?.kind === 'string' ? read.config.kind : undefined;
  return {
    ...base,
    state,
    ...(kind ? { kind } : {}),
    ...(reason && state !== 'paused' ? { reason } : {}),
    ...(firedCount !== undefined ? { firedCount } : {}),
    ...(lastFiredAt ? { lastFiredAt } : {}),
    ...(read.details ? { details: read.details } : {}),
    ...(read.config ? { config: read.config } : {}),
  };
}

/** The protocol body of a feed action invocation, as `wsk trigger create --feed` sends it. */
export function feedInvocation(event: 'CREATE' | 'READ' | 'UPDATE' | 'DELETE' | 'PAUSE' | 'UNPAUSE', triggerName: string, authKey: string, params: Record<string, unknown> = {}) {
  return { ...params, lifecycleEvent: event, triggerName, authKey };
}

/** What to paste into GitHub when a webhook feed was made without a token: the receiver URL and its secret. */
export function githubHookToPaste(read: FeedRead | undefined): { url: string; secret?: string } | undefined {
  const url = read?.details?.webhookUrl;
  if (typeof url !== 'string') return undefined;
  const secret = read?.config?.secret;
  return { url, ...(typeof secret === 'string' ? { secret } : {}) };
}
