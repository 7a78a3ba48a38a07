import { fieldKind, fieldsOf, paramsFromForm, parseJsonObject } from './params';

describe('catalog parameter forms', () => {
  const alarm = [
    { name: 'timezone', description: 'tz', type: 'string' },
    { name: 'cron', description: 'cron', required: true, type: 'string' },
    { name: 'maxTriggers', description: 'n', type: 'integer' },
    { name: 'trigger_payload', description: 'p', type: 'string|object' },
    { name: 'events', description: 'e', type: 'string|array' },
    { name: 'accessToken', description: 't', type: 'string', secret: true },
  ];

  it('maps informal types to field kinds, secrets masked', () => {
    expect(alarm.map(fieldKind)).toEqual(['text', 'text', 'integer', 'json', 'list', 'secret']);
    expect(fieldKind({ name: 'x', description: '', type: 'boolean' })).toBe('boolean');
    expect(fieldKind({ name: 'x', description: '' })).toBe('text');
  });

  it('puts required fields first, keeps defaults and uses the sample as a placeholder (never for secrets)', () => {
    const fields = fieldsOf([...alarm, { name: 'qos', description: 'q', type: 'integer', default: 1 }], { cron: '*/5 * * * *', accessToken: 'ghp_x' });
    expect(fields[0]).toMatchObject({ name: 'cron', required: true, placeholder: '*/5 * * * *' });
    expect(fields.find((f) => f.name === 'qos')!.initial).toBe('1');
    expect(fields.find((f) => f.name === 'accessToken')!.placeholder).toBeUndefined();
  });

  it('reads typed values, leaves empty optional fields out and names every error', () => {
    const fields = fieldsOf(alarm);
    expect(paramsFromForm(fields, { cron: ' * * * * * ', maxTriggers: '3', trigger_payload: '{"a":1}', events: 'push, pull_request', accessToken: ' s3cret ' })).toEqual({
      ok: true,
      params: { cron: '* * * * *', maxTriggers: 3, trigger_payload: { a: 1 }, events: ['push', 'pull_request'], accessToken: ' s3cret ' },
    });
    expect(paramsFromForm(fields, { cron: '* * * * *', trigger_payload: 'plain text' })).toEqual({ ok: true, params: { cron: '* * * * *', trigger_payload: 'plain text' } });
    expect(paramsFromForm(fields, { events: '["a","b"]', cron: 'x' })).toEqual({ ok: true, params: { cron: 'x', events: ['a', 'b'] } });
    const bad = paramsFromForm(fields, { maxTriggers: '1.5', trigger_payload: '{oops' });
    expect(bad).toEqual({ ok: false, errors: { cron: 'cron is required.', maxTriggers: 'maxTriggers must be an integer.', trigger_payload: 'trigger_payload is not valid JSON.' } });
  });

  it('parses an invoke or fire body as a JSON object only', () => {
    expect(parseJsonObject('')).toEqual({ ok: true, value: {} });
    expect(parseJsonObject(' {"name":"Ada"} ')).toEqual({ ok: true, value: { name: 'Ada' } });
    expect(parseJsonObject('[1]')).toEqual({ ok: false, error: 'Parameters must be a JSON object, like {"name": "Ada"}.' });
    expect(parseJsonObject('null', 'Payload')).toMatchObject({ ok: false, error: expect.stringMatching(/^Payload must be/) });
    expect(parseJsonObject('{', 'Payload')).toMatchObject({ ok: false, error: expect.stringMatching(/^Payload: not valid JSON/) });
  });
});
