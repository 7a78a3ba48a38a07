import { InvalidMessageError } from './message-error';
import { parseEntityChangeMessage } from './entity-change.message';

describe('entity change message', () => {
  const valid = { v: 1, type: 'entity-change', entity: 'actions', controllerId: 'c0', at: 1 };

  it('parses a valid message', () => {
    expect(parseEntityChangeMessage(JSON.stringify(valid))).toEqual(valid);
  });

  it('refuses other versions, unknown tables and garbage', () => {
    expect(() => parseEntityChangeMessage(JSON.stringify({ ...valid, v: 2 }))).toThrow(/v:/);
    expect(() => parseEntityChangeMessage(JSON.stringify({ ...valid, entity: 'subjects' }))).toThrow(/entity/);
    expect(() => parseEntityChangeMessage('{nope')).toThrow(InvalidMessageError);
  });
});
