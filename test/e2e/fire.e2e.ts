import { annotation, putAction, waitForActivation } from '../support/actions';
import { http } from '../support/http';
import { createTestNamespace, type TestNamespace } from '../support/namespaces';

describe('firing triggers through rules', () => {
  let t: TestNamespace;
  beforeAll(async () => {
    t = await createTestNamespace('fire');
    await putAction(t.key, 'record', 'function main(p){ return { seen: p } }');
  });

  it('answers 204 and stores nothing when no rule is active', async () => {
    await t.ow.triggers.create({ name: 'lonely' });
    const before = (await t.ow.activations.list({ count: true })).activations;
    const r = await http('POST', '/api/v1/namespaces/_/triggers/lonely', { key: t.key, body: { a: 1 } });
    expect(r.status).toBe(204);
    expect((await t.ow.activations.list({ count: true })).activations).toBe(before);
    expect((await http('POST', '/api/v1/namespaces/_/triggers/nosuch', { key: t.key })).status).toBe(404);
  });

  it('activates the action of one rule with trigger parameters merged with the event', async () => {
    await t.ow.triggers.create({ name: 'one', trigger: { parameters: [{ key: 'fromTrigger', value: 'T' }, { key: 'shared', value: 'trigger' }] } });
    await t.ow.rules.create({ name: 'one-rule', trigger: 'one', action: 'record' });
    const fired = await t.ow.triggers.invoke({ name: 'one', params: { shared: 'event', x: 1 } });
    expect(fired.activationId).toMatch(/^[0-9a-f]{32}$/);
    const triggerActivation = await waitForActivation(t.key, fired.activationId);
    expect(triggerActivation).toMatchObject({ name: 'one', namespace: t.namespace });
    expect(triggerActivation.response.result).toEqual({ shared: 'event', x: 1 });
    expect(triggerActivation).not.toHaveProperty('end');
    expect(triggerActivation.logs).toHaveLength(1);
    const line = JSON.parse(triggerActivation.logs[0]);
    expect(line).toMatchObject({ statusCode: 0, success: true, rule: `${t.namespace}/one-rule`, action: `${t.namespace}/record` });
    const actionActivation = await waitForActivation(t.key, line.activationId);
    expect(actionActivation.response.result.seen).toMatchObject({ fromTrigger: 'T', shared: 'event', x: 1 });
    expect(actionActivation.response.result.seen.__ow_headers).toBeDefined();
    expect(actionActivation.response.result.seen.__ow_headers.authorization).toBeUndefined();
    expect(actionActivation.cause).toBe(fired.activationId);
    expect(annotation(actionActivation, 'causedBy')).toBe('trigger');
  });

  it('fires three rules: active ones run, a disabled one is skipped, a deleted action is reported', async () => {
    await putAction(t.key, 'doomed', 'function main(){ return {} }');
    await t.ow.triggers.create({ name: 'three' });
    await t.ow.rules.create({ name: 'r-ok', trigger: 'three', action: 'record' });
    await t.ow.rules.create({ name: 'r-off', trigger: 'three', action: 'record' });
    await t.ow.rules.create({ name: 'r-gone', trigger: 'three', action: 'doomed' });
    await t.ow.rules.disable({ name: 'r-off' });
    await t.ow.actions.delete({ name: 'doomed' });
    const fired = await t.ow.triggers.invoke({ name: 'three', params: { n: 3 } });
    const record = await waitForActivation(t.key, fired.activationId);
    const lines = record.logs.map((l: string) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    const ok = lines.find((l: any) => l.rule.endsWith('/r-ok'));
    const gone = lines.find((l: any) => l.rule.endsWith('/r-gone'));
    expect(ok).toMatchObject({ statusCode: 0, success: true });
    expect(gone).toMatchObject({ statusCode: 1, success: false, error: 'The requested resource does not exist.' });
    expect((await waitForActivation(t.key, ok.activationId)).response.result.seen.n).toBe(3);
  });

  it('lets a rule activate a sequence', async () => {
    await putAction(t.key, 'inc', 'function main(p){ return { n: (p.n || 0) + 1 } }');
    await t.ow.actions.create({ name: 'twice', sequence: [`/${t.namespace}/inc`, `/${t.namespace}/inc`] });
    await t.ow.triggers.create({ name: 'seqtrig' });
    await t.ow.rules.create({ name: 'seqrule', trigger: 'seqtrig', action: 'twice' });
    const fired = await t.ow.triggers.invoke({ name: 'seqtrig', params: { n: 10 } });
    const line = JSON.parse((await waitForActivation(t.key, fired.activationId)).logs[0]);
    const seq = await waitForActivation(t.key, line.activationId);
    expect(seq.response.result).toEqual({ n: 12 });
    expect(annotation(seq, 'kind')).toBe('sequence');
  });
});
