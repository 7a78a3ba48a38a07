import { putAction } from '../support/actions';
import { http } from '../support/http';
import { createTestNamespace, type TestNamespace } from '../support/namespaces';

describe('activations read side', () => {
  let t: TestNamespace;
  const ids: string[] = [];
  let before = 0;

  beforeAll(async () => {
    t = await createTestNamespace('acts');
    await putAction(t.key, 'one', 'function main(p){ console.log("run", p.i); return { i: p.i } }');
    await putAction(t.key, 'two', 'function main(){ return { two: true } }');
    before = Date.now();
    for (let i = 0; i < 3; i++) ids.push((await t.ow.actions.invoke({ name: 'one', params: { i }, blocking: true })).activationId);
    ids.push((await t.ow.actions.invoke({ name: 'two', blocking: true })).activationId);
    // lists read PostgreSQL, which the invoker writes a few ms after it answered (GET by id is read-your-writes)
    const until = Date.now() + 5000;
    while ((await t.ow.activations.list({ count: true })).activations < ids.length && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  });

  it('lists newest first with summaries, and filters by name', async () => {
    const all = await t.ow.activations.list({ limit: 10 });
    expect(all.map((a: any) => a.activationId)).toEqual([...ids].reverse());
    expect(all[0]).not.toHaveProperty('response');
    expect(all[0]).not.toHaveProperty('logs');
    expect(all[0].statusCode).toBe(0);
    const ones = await t.ow.activations.list({ name: 'one' });
    expect(ones).toHaveLength(3);
    expect(ones.every((a: any) => a.name === 'one')).toBe(true);
  });

  it('counts, pages, returns docs and bounds by time', async () => {
    expect(await t.ow.activations.list({ count: true })).toEqual({ activations: 4 });
    const page = await t.ow.activations.list({ skip: 1, limit: 2 });
    expect(page.map((a: any) => a.activationId)).toEqual([ids[2], ids[1]]);
    const docs = await t.ow.activations.list({ docs: true, limit: 1 });
    expect(docs[0].response.result).toEqual({ two: true });
    const none = await http('GET', `/api/v1/namespaces/_/activations?upto=${before - 1}`, { key: t.key });
    expect(none.body).toEqual([]);
    const since = await http('GET', `/api/v1/namespaces/_/activations?since=${before}`, { key: t.key });
    expect(since.body).toHaveLength(4);
  });

  it('gets one activation, its logs and its result', async () => {
    const a = await t.ow.activations.get({ activationId: ids[1] });
    expect(a.response).toMatchObject({ status: 'success', success: true, result: { i: 1 } });
    const logs = await t.ow.activations.logs({ activationId: ids[1] });
    expect(logs.logs).toHaveLength(1);
    expect(logs.logs[0]).toMatch(/stdout: run 1$/);
    const result = await t.ow.activations.result({ activationId: ids[1] });
    expect(result).toMatchObject({ result: { i: 1 }, success: true, status: 'success' });
  });

  it('rejects malformed queries and ids with OpenWhisk texts', async () => {
    const cases: [string, string][] = [
      ['/activations/abc', 'Activation id length is 3 but must be 32.'],
      ['/activations?docs=true&count=true', "The parameter 'docs' is not permitted with 'count'."],
      ['/activations?name=a/b/c', "Parameter may be a 'simple' name or 'package-name/simple' name: a/b/c"],
      ['/activations?since=yesterday', 'Parameter is not a valid value for epoch seconds: yesterday'],
      ['/activations?limit=201', "The value '201' is not in the range of 0 to 200 for activations."],
      ['/activations?skip=-1', "The value '-1' is not greater than or equal to 0 for activations."],
    ];
    for (const [path, error] of cases) {
      const r = await http('GET', `/api/v1/namespaces/_${path}`, { key: t.key });
      expect({ path, status: r.status, error: r.body.error }).toEqual({ path, status: 400, error });
    }
    const missing = await http('GET', `/api/v1/namespaces/_/activations/${'0'.repeat(32)}`, { key: t.key });
    expect(missing.status).toBe(404);
  });

  it('hides activations from other namespaces', async () => {
    const other = await createTestNamespace('acts-other');
    const r = await http('GET', `/api/v1/namespaces/${t.namespace}/activations/${ids[0]}`, { key: other.key });
    expect(r.status).toBe(403);
    const own = await http('GET', `/api/v1/namespaces/_/activations/${ids[0]}`, { key: other.key });
    expect(own.status).toBe(404);
  });
});
