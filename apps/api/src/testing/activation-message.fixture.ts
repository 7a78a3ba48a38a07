import type { ActivationMessage } from '@wisp/core';

let seq = 0;

/** A valid ActivationMessage of `guest/hello` for the controller's specs, with a fresh id each call. */
export function activationMessageFixture(overrides: Partial<ActivationMessage> = {}): ActivationMessage {
  seq++;
  return {
    v: 1,
    type: 'activation',
    transactionId: `tx-${seq}`,
    activationId: `a${String(seq).padStart(31, '0')}`,
    controllerId: 'c0',
    replyQueue: 'wisp.completed.c0',
    blocking: false,
    receivedAt: Date.now(),
    user: { namespace: 'guest', subject: 'guest' },
    params: {},
    initParams: [],
    action: {
      id: `id-${seq}`,
      namespace: 'guest',
      name: 'hello',
      version: '0.0.1',
      revision: 1,
      codeInline: true,
      annotations: [],
      exec: { kind: 'nodejs:20', code: 'function main(p) { return p; }' },
      limits: { timeout: 1_000, memory: 256, logs: 10, concurrency: 1 },
    },
    ...overrides,
  } as ActivationMessage;
}
