import { actionToForm, formToActionBody, NEW_ACTION_CODE } from './action-form';
import type { ActionDoc } from './types';

describe('the action editor form', () => {
  const existing: ActionDoc = {
    namespace: 'guest',
    name: 'hello',
    exec: { kind: 'nodejs:20', code: 'function main(){}', main: 'run' },
    limits: { timeout: 60000, memory: 256, logs: 10, concurrency: 1 },
    parameters: [{ key: 'greeting', value: 'hi' }],
    annotations: [{ key: 'web-export', value: true }, { key: 'exec', value: 'nodejs:20' }, { key: 'provide-api-key', value: true }],
  };

  it('fills the fields from an action, and a new action starts from sample code', () => {
    expect(actionToForm(existing)).toEqual({ name: 'hello', kind: 'nodejs:20', code: 'function main(){}', main: 'run', image: '', timeout: '60000', memory: '256', logs: '10', concurrency: '1', parameters: '{\n  "greeting": "hi"\n}', webExport: true });
    expect(actionToForm()).toMatchObject({ code: NEW_ACTION_CODE, kind: 'nodejs:20', parameters: '{}', webExport: false, memory: '' });
  });

  it('builds the PUT body: exec, only the limits given, parameters as key/values, other annotations kept', () => {
    const form = { ...actionToForm(existing), timeout: '', logs: ' ', webExport: false, parameters: '{"a": 1}' };
    expect(formToActionBody(form, existing)).toEqual({
      ok: true,
      body: { exec: { kind: 'nodejs:20', code: 'function main(){}', main: 'run' }, limits: { memory: 256, concurrency: 1 }, parameters: [{ key: 'a', value: 1 }], annotations: [{ key: 'provide-api-key', value: true }] },
    });
  });

  it('refuses what the API would refuse, naming the field', () => {
    const r = formToActionBody({ ...actionToForm(), memory: '12.5', parameters: '[]', code: '  ' });
    expect(r).toEqual({ ok: false, errors: { memory: 'memory must be a whole number.', parameters: 'Parameters must be a JSON object, like {"name": "Ada"}.', code: 'The code is empty.' } });
    expect(formToActionBody({ ...actionToForm(), kind: 'blackbox', image: '' })).toMatchObject({ ok: false, errors: { image: 'A blackbox action needs an image.' } });
    expect(formToActionBody({ ...actionToForm(), kind: 'blackbox', image: 'me/img', code: '' })).toMatchObject({ ok: true, body: { exec: { kind: 'blackbox', image: 'me/img' } } });
  });
});
