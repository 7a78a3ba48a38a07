import { createHash } from 'node:crypto';
import type { ActivationMessage } from '@wisp/core';

/**
 * Which warm containers may serve a message: same invoking namespace (the container's `/init` environment carries that
 * caller's context), same action id and revision (an update never reuses stale code), and the same init parameter
 * values (they are baked into the container's environment at `/init`).
 */
export function poolKey(message: Pick<ActivationMessage, 'user' | 'action' | 'params' | 'initParams'>): string {
  const base = `${message.user.namespace}|${message.action.id}|${message.action.revision}`;
  if (message.initParams.length === 0) return base;
  const init = [...message.initParams].sort().map((k) => [k, message.params[k]]);
  return `${base}|${createHash('sha1').update(JSON.stringify(init)).digest('hex').slice(0, 16)}`;
}
