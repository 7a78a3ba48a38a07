import { ActivationMessage, ActivationRecord, ActivationResponse, ActivationStatus, KeyValue, pathOf } from '@wisp/core';
import { ActivationErrors } from './error-results';

/** What one run established, in epoch ms. */
export interface RunFacts {
  /** When the container started working on it (`/init` for a cold or prewarm start, else `/run`). */
  start: number;
  end: number;
  response: ActivationResponse;
  logs: string[];
  timedOut: boolean;
  /** Duration of `/init`, only when this activation initialised the container. */
  initTime?: number;
}

type ActionRef = Pick<ActivationMessage['action'], 'namespace' | 'package' | 'name'>;

/** `name` or `pkg/name`. */
export const entityNameOf = (action: ActionRef): string => (action.package ? `${action.package}/${action.name}` : action.name);

/** `/ns/[pkg/]name`, the `action_name` the proxy receives. */
export const qualifiedActionNameOf = (action: ActionRef): string => `/${pathOf(action)}`;

/** The activation record of one run, with OpenWhisk's annotations (path, kind, limits, timeout, waitTime, initTime). */
export function buildRecord(message: ActivationMessage, facts: RunFacts): ActivationRecord {
  const { action } = message;
  const annotations: KeyValue[] = [
    { key: 'path', value: pathOf(action) },
    { key: 'waitTime', value: Math.max(0, facts.start - message.receivedAt) },
    { key: 'kind', value: action.exec.kind },
    { key: 'timeout', value: facts.timedOut },
    { key: 'limits', value: action.limits },
  ];
  if (facts.initTime !== undefined) annotations.push({ key: 'initTime', value: facts.initTime });
  if (message.binding) annotations.push({ key: 'binding', value: message.binding });
  for (const a of message.extraAnnotations ?? []) annotations.push({ key: a.key, value: a.value });
  return {
    activationId: message.activationId,
    namespace: message.user.namespace,
    name: action.name,
    entityName: entityNameOf(action),
    version: action.version,
    subject: message.user.subject,
    start: facts.start,
    end: facts.end,
    duration: facts.end - facts.start,
    cause: message.cause ?? null,
    response: facts.response,
    logs: facts.logs,
    annotations,
    publish: false,
  };
}

/** A record for an activation that never reached a container (internal or developer error decided up front). */
export function buildErrorRecord(message: ActivationMessage, response: ActivationResponse, at = Date.now()): ActivationRecord {
  return buildRecord(message, { start: at, end: at, response, logs: [], timedOut: false });
}

/**
 * The same record with its result replaced by a developer error naming `reason`: what is recorded when the result
 * could not be sent or stored (see the consumer's completion path). Logs and annotations stay, so nothing else is lost.
 */
export function withUnusableResult(record: ActivationRecord, reason: string): ActivationRecord {
  return { ...record, response: { statusCode: ActivationStatus.developerError, result: { error: ActivationErrors.resultUnusable(reason) } } };
}
