import { BadRequestError, Messages } from '@wisp/core';
import { parseRuleStatus } from './rule-status';

describe('parseRuleStatus', () => {
  it.each(['active', 'inactive'])('accepts %s', (status) => {
    expect(parseRuleStatus({ status })).toBe(status);
  });

  it.each([
    [{ status: 'enabled' }, 'enabled'],
    [{ status: 'ACTIVE' }, 'ACTIVE'],
    [{ status: 1 }, '1'],
    [{}, 'null'],
    [undefined, 'null'],
    [['active'], 'null'],
  ])('rejects %j with OpenWhisk text', (body, shown) => {
    expect(() => parseRuleStatus(body)).toThrow(new BadRequestError(Messages.ruleStateInvalid(shown)));
  });
});
