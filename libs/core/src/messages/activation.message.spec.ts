import { InvalidMessageError } from './message-error';
import { parseActivationMessage } from './activation.message';
import { parseInvokerPingMessage } from './invoker-ping.message';

const valid = {
  v: 1,
  type: 'activation',
  transactionId: 't',
  activationId: 'a'.repeat(32),
  controllerId: 'c',
  replyQueue: 'q',
  blocking: true,
  receivedAt: 1,
  action: { id: 'x', namespace: 'guest', name: 'a', version: '0.0.1', revision: 1, exec: { kind: 'nodejs:20', code: 'x' }, codeInline: true, limits: { timeout: 1, memory: 128, logs: 1, concurrency: 1 }, annotations: [] },
  user: { namespace: 'guest', subject: 'guest' },
  params: { a: 1 },
  initParams: [],
};

describe('wire messages', () => {
  it('parses a valid activation message', () => {
    expect(parseActivationMessage(JSON.stringify(valid)).params).toEqual({ a: 1 });
  });

  it('rejects garbage, wrong versions and missing fields with the fields named', () => {
    expect(() => parseActivationMessage('{nope')).toThrow(InvalidMessageError);
    expect(() => parseActivationMessage(JSON.stringify({ ...valid, v: 2 }))).toThrow(/v:/);
    expect(() => parseActivationMessage(JSON.stringify({ ...valid, activationId: 'short' }))).toThrow(/activationId/);
    expect(() => parseInvokerPingMessage(JSON.stringify({ v: 1, type: 'ping' }))).toThrow(/invokerId/);
  });
});
