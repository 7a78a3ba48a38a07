import { DEFAULT_NAMESPACE_ALIAS } from '@wisp/core';

/** The lifecycle events of OpenWhisk's feed protocol. */
export const LIFECYCLE_EVENTS = ['CREATE', 'READ', 'UPDATE', 'DELETE', 'PAUSE', 'UNPAUSE'] as const;
export type LifecycleEvent = (typeof LIFECYCLE_EVENTS)[number];

/** A parsed feed action invocation. */
export interface FeedRequest {
  event: LifecycleEvent;
  /** Trigger namespace (`_` already resolved) and name. */
  namespace: string;
  name: string;
  authKey: string;
  /** The user's feed parameters (and bound package parameters), without the protocol fields. */
  params: Record<string, unknown>;
}

/** A feed request that cannot be understood; its message is the feed action's error. */
export class FeedRequestError extends Error {}

/**
 * Parses `{lifecycleEvent, triggerName, authKey, ...params}`. `triggerName` is `/ns/name` (or `ns/name`, or a bare
 * `name`); `_` or no namespace means `defaultNamespace` (the caller's).
 */
export function parseFeedRequest(params: Record<string, unknown>, defaultNamespace: string): FeedRequest {
  const { lifecycleEvent, triggerName, authKey, ...rest } = params;
  const event = typeof lifecycleEvent === 'string' ? lifecycleEvent.toUpperCase() : '';
  if (!(LIFECYCLE_EVENTS as readonly string[]).includes(event)) throw new FeedRequestError(`lifecycleEvent must be one of ${LIFECYCLE_EVENTS.join(', ')}, got ${JSON.stringify(lifecycleEvent ?? null)}`);
  if (typeof triggerName !== 'string' || triggerName.trim() === '') throw new FeedRequestError('triggerName is required: the fully qualified trigger name, /namespace/trigger');
  const parts = triggerName.replace(/^\//, '').split('/');
  if (parts.length > 2 || parts.some((p) => p === '')) throw new FeedRequestError(`triggerName is not a trigger name: ${triggerName}`);
  const [ns, name] = parts.length === 2 ? parts : [DEFAULT_NAMESPACE_ALIAS, parts[0]];
  if (typeof authKey !== 'string' || authKey === '') throw new FeedRequestError('authKey is required: the key of the trigger owner (uuid:key)');
  return { event: event as LifecycleEvent, namespace: ns === DEFAULT_NAMESPACE_ALIAS ? defaultNamespace : ns, name, authKey, params: rest };
}
