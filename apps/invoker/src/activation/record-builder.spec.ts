import { activationMessage } from '@wisp/core';
import { buildRecord } from './record-builder';

describe('buildRecord', () => {
  const message = activationMessage({
    receivedAt: 1000,
    user: { namespace: 'caller', subject: 'subj' },
    cause: 'c'.repeat(32),
    binding: 'caller/mybinding',
    extraAnnotations: [{ key: 'causedBy', value: 'sequence' }],
    action: { namespace: 'owner', package: 'pkg', name: 'act', version: '0.0.2', limits: { timeout: 500 } },
  });

  it('fills identity, timing, response and OpenWhisk annotations', () => {
    const r = buildRecord(message, { start: 1010, end: 1050, response: { statusCode: 0, result: { ok: true }, size: 11 }, logs: ['l'], timedOut: false, initTime: 20 });
    expect(r).toMatchObject({
      activationId: message.activationId,
      namespace: 'caller',
      name: 'act',
      entityName: 'pkg/act',
      version: '0.0.2',
      subject: 'subj',
      start: 1010,
      end: 1050,
      duration: 40,
      cause: 'c'.repeat(32),
      logs: ['l'],
      publish: false,
    });
    expect(Object.fromEntries(r.annotations.map((a) => [a.key, a.value]))).toEqual({
      path: 'owner/pkg/act',
      waitTime: 10,
      kind: 'nodejs:20',
      timeout: false,
      limits: { timeout: 500, memory: 256, logs: 10, concurrency: 1 },
      initTime: 20,
      binding: 'caller/mybinding',
      causedBy: 'sequence',
    });
  });

  it('omits initTime on a warm run and never adds causedBy by itself', () => {
    const r = buildRecord({ ...message, extraAnnotations: undefined }, { start: 1, end: 2, response: { statusCode: 0 }, logs: [], timedOut: false });
    expect(r.annotations.map((a) => a.key)).toEqual(['path', 'waitTime', 'kind', 'timeout', 'limits', 'binding']);
  });
});
