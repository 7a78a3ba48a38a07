import type { ActivationMessage } from '../messages/activation.message';
import type { KeyValue } from '../params';
import { ActivationStatus, type ActivationRecord } from './activation-record';

/** `ns/[pkg/]name` of the action a message runs. */
export function actionPathOf(message: ActivationMessage): string {
  const a = message.action;
  return a.package ? `${a.namespace}/${a.package}/${a.name}` : `${a.namespace}/${a.name}`;
}

/**
 * A whisk-internal-error record for an activation the platform could not finish (invoker died, no invoker, Docker
 * failure). Used by the invoker and the controller alike so both write the same shape.
 */
export function systemErrorRecord(message: ActivationMessage, error: string, now = Date.now()): ActivationRecord {
  const a = message.action;
  return {
    activationId: message.activationId,
    namespace: message.user.namespace,
    name: a.name,
    entityName: a.package ? `${a.package}/${a.name}` : a.name,
    version: a.version,
    subject: message.user.subject,
    start: now,
    end: now,
    duration: 0,
    cause: message.cause ?? null,
    response: { statusCode: ActivationStatus.internalError, result: { error }, size: 0 },
    logs: [],
    annotations: <KeyValue[]>[
      { key: 'path', value: actionPathOf(message) },
      { key: 'kind', value: a.exec.kind },
      { key: 'limits', value: a.limits },
      { key: 'waitTime', value: Math.max(0, now - message.receivedAt) },
      ...(message.binding ? [{ key: 'binding', value: message.binding }] : []),
      ...((message.extraAnnotations ?? []) as KeyValue[]),
    ],
    publish: false,
  };
}
