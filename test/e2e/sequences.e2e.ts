import { annotation, putAction, waitForActivation } from '../support/actions';
import { http } from '../support/http';
import { createTestNamespace, type TestNamespace } from '../support/namespaces';

describe('sequences', () => {
  let t: TestNamespace;
  beforeAll(async () => {
    t = await createTestNamespace('seq');
    await putAction(t.key, 'split', 'function main(p){ return { words: p.text.split(" ") } }');
    await putAction(t.key, 'upper', 'function main(p){ return { words: p.words.map(w => w.toUpperCase()) } }');
    await putAction(t.key, 'join', 'function main(p){ return { text: p.words.join("-") } }');
    await putAction(t.key, 'fail', 'function main(){ return { error: "stop here" } }');
  });

  it('chains three components and records the component ids', async () => {
    await t.ow.actions.create({ name: 'pipeline', sequence: ['split', 'upper', 'join'].map((n) => `/_/${n}`) });
    const a = await t.ow.actions.invoke({ name: 'pipeline', params: { text: 'a b c' }, blocking: true });
    expect(a.response).toMatchObject({ status: 'success', result: { text: 'A-B-C' } });
    expect(a.logs).toHaveLength(3);
    expect(annotation(a, 'kind')).toBe('sequence');
    expect(annotation(a, 'topmost')).toBe(true);
    const components = await Promise.all(a.logs.map((id: string) => waitForActivation(t.key, id)));
    expect(components.map((c) => c.name)).toEqual(['split', 'upper', 'join']);
    expect(components.every((c) => c.cause === a.activationId && annotation(c, 'causedBy') === 'sequence')).toBe(true);
    const children = await http('GET', `/api/v1/namespaces/_/activations?docs=true&limit=10`, { key: t.key });
    expect(children.status).toBe(200);
  });

  it('stops at the first failing component', async () => {
    await t.ow.actions.create({ name: 'broken', sequence: ['split', 'fail', 'join'].map((n) => `/${t.namespace}/${n}`) });
    const r = await http('POST', '/api/v1/namespaces/_/actions/broken?blocking=true', { key: t.key, body: { text: 'x y' } });
    expect(r.status).toBe(502);
    expect(r.body.response).toMatchObject({ status: 'application error', result: { error: 'stop here' } });
    expect(r.body.logs).toHaveLength(2);
  });

  it('answers a non-blocking sequence invoke with 202 and stores its record', async () => {
    const r = await http('POST', '/api/v1/namespaces/_/actions/pipeline', { key: t.key, body: { text: 'q' } });
    expect(r.status).toBe(202);
    expect((await waitForActivation(t.key, r.body.activationId)).response.result).toEqual({ text: 'Q' });
  });
});
