import type { ActivationMessage } from '@wisp/core';
import { qualifiedActionNameOf } from './record-builder';

/** The per-activation context OpenWhisk hands the proxy (`/run` fields, `__OW_*` in `/init`'s env). */
export interface ActivationContext {
  namespace: string;
  action_name: string;
  action_version: string;
  activation_id: string;
  transaction_id: string;
  deadline: string;
  api_key?: string;
}

/** Context for `message` with the deadline `deadline` (epoch ms). `api_key` only when the controller granted one. */
export function activationContext(message: ActivationMessage, deadline: number): ActivationContext {
  const ctx: ActivationContext = {
    namespace: message.user.namespace,
    action_name: qualifiedActionNameOf(message.action),
    action_version: message.action.version,
    activation_id: message.activationId,
    transaction_id: message.transactionId,
    deadline: String(deadline),
  };
  if (message.user.apiKey) ctx.api_key = message.user.apiKey;
  return ctx;
}

/** `/run` body: parameters without the init ones, plus the context fields at top level. */
export function runBody(message: ActivationMessage, deadline: number): Record<string, unknown> {
  const init = new Set(message.initParams);
  const value = Object.fromEntries(Object.entries(message.params).filter(([k]) => !init.has(k)));
  return { value, ...activationContext(message, deadline) };
}

/** `/init` body: code and entry point, with init parameters (stringified) and `__OW_*` as environment. */
export function initBody(message: ActivationMessage, code: string | undefined, deadline: number, apiHost: string): { value: Record<string, unknown> } {
  const env: Record<string, string> = {};
  for (const k of message.initParams) {
    if (!(k in message.params)) continue;
    const v = message.params[k];
    env[k] = typeof v === 'string' ? v : JSON.stringify(v);
  }
  env.__OW_API_HOST = apiHost;
  for (const [k, v] of Object.entries(activationContext(message, deadline))) env[`__OW_${k.toUpperCase()}`] = v as string;
  const { exec } = message.action;
  return { value: { name: message.action.name, main: exec.main ?? 'main', code: code ?? '', binary: exec.binary ?? false, env } };
}
