import type { ActivationMessage } from '../messages';
import { randomUUID } from 'node:crypto';

type DeepPartialAction = Partial<Omit<ActivationMessage['action'], 'exec' | 'limits'>> & {
  exec?: Partial<ActivationMessage['action']['exec']>;
  limits?: Partial<ActivationMessage['action']['limits']>;
};

/** A valid ActivationMessage for tests; every field can be overridden. */
export function activationMessage(overrides: Omit<Partial<ActivationMessage>, 'action'> & { action?: DeepPartialAction } = {}): ActivationMessage {
  const { action, ...rest } = overrides;
  return {
    v: 1,
    type: 'activation',
    transactionId: `tx-${randomUUID()}`,
    activationId: randomUUID().replace(/-/g, ''),
    controllerId: 'controller0',
    replyQueue: 'wisp.completed.controller0',
    blocking: true,
    receivedAt: Date.now(),
    user: { namespace: 'guest', subject: 'guest' },
    params: {},
    initParams: [],
    ...rest,
    action: {
      id: action?.id ?? randomUUID(),
      namespace: 'guest',
      name: 'hello',
      version: '0.0.1',
      revision: 1,
      codeInline: true,
      annotations: [],
      ...action,
      exec: { kind: 'nodejs:20', code: 'function main(p) { return p; }', ...action?.exec },
      limits: { timeout: 60000, memory: 256, logs: 10, concurrency: 1, ...action?.limits },
    },
  };
}
