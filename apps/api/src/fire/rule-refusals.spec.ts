import { StoreUnavailableError } from '@wisp/core';
import { ruleLinesOrRefusal } from './rule-refusals';
import type { RuleLogLine } from './trigger-activation';

const rules = [
  { rule: 'ns/r1', action: 'ns/a1' },
  { rule: 'ns/r2', action: 'ns/a2' },
];
const refused = (): PromiseRejectedResult => ({ status: 'rejected', reason: new StoreUnavailableError('RabbitMQ', 5) });
const started = (i: number): PromiseFulfilledResult<RuleLogLine> => ({ status: 'fulfilled', value: { statusCode: 0, success: true, activationId: `id${i}`, ...rules[i] } });
const failed = (i: number): PromiseFulfilledResult<RuleLogLine> => ({ status: 'fulfilled', value: { statusCode: 1, success: false, error: 'action ns/a does not exist', ...rules[i] } });

describe('ruleLinesOrRefusal', () => {
  it('refuses the whole fire when no rule started an activation and one was refused (no record, nothing runs)', () => {
    expect(() => ruleLinesOrRefusal([refused(), refused()], rules)).toThrow(StoreUnavailableError);
    expect(() => ruleLinesOrRefusal([failed(0), refused()], rules)).toThrow(StoreUnavailableError);
  });

  it('keeps a fire that started something, with the refused rules as failed lines', () => {
    const lines = ruleLinesOrRefusal([started(0), refused()], rules);
    expect(lines[0]).toMatchObject({ success: true, activationId: 'id0' });
    expect(lines[1]).toMatchObject({ statusCode: 3, success: false, rule: 'ns/r2', action: 'ns/a2', error: expect.stringMatching(/RabbitMQ/) });
    expect(lines[1].activationId).toBeUndefined();
  });

  it('passes lines through when nothing was refused', () => {
    expect(ruleLinesOrRefusal([started(0), failed(1)], rules)).toEqual([started(0).value, failed(1).value]);
  });
});
