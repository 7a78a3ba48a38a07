import { http } from '../support/http';
import { createTestNamespace, type TestNamespace, wispCli } from '../support/namespaces';

describe('the catalog', () => {
  let t: TestNamespace;
  beforeAll(async () => {
    t = await createTestNamespace('catalog');
  });

  it('GET /api/v1/catalog lists packages, versions, actions, feeds and parameter docs', async () => {
    const r = await http('GET', '/api/v1/catalog', { key: t.key });
    expect(r.status).toBe(200);
    const names = r.body.packages.map((p: any) => p.name);
    expect(names).toEqual(expect.arrayContaining(['alarms', 'utils', 'samples', 'combinators']));
    const alarms = r.body.packages.find((p: any) => p.name === 'alarms');
    expect(alarms.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(alarms.feeds.map((f: any) => f.name)).toEqual(['alarm', 'once', 'interval']);
    expect(alarms.feeds[0].parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'cron', required: true, description: expect.any(String) })]));
    expect((await http('GET', '/api/v1/catalog')).status).toBe(401);
  });

  it('is installed in the published whisk.system namespace with OpenWhisk-style parameter annotations', async () => {
    const list = await t.ow.packages.list({ namespace: 'whisk.system' });
    expect(list.map((p: any) => p.name)).toEqual(expect.arrayContaining(['alarms', 'utils', 'samples']));
    expect(list.every((p: any) => p.publish === true)).toBe(true);
    const alarms = await t.ow.packages.get({ name: '/whisk.system/alarms' });
    expect(alarms.feeds.map((f: any) => f.name).sort()).toEqual(['alarm', 'interval', 'once']);
    const feed = alarms.feeds.find((f: any) => f.name === 'alarm');
    expect(feed.annotations).toEqual(expect.arrayContaining([{ key: 'feed', value: true }]));
    const utils = await t.ow.packages.get({ name: '/whisk.system/utils' });
    const sort = utils.actions.find((a: any) => a.name === 'sort');
    const docs = sort.annotations.find((a: any) => a.key === 'parameters').value;
    expect(docs).toEqual([expect.objectContaining({ name: 'lines', required: true, description: expect.any(String) })]);
  });

  it('wisp catalog list/show describe packages; install binds one into a namespace, and its actions run through the binding', async () => {
    expect(await wispCli('catalog', 'list')).toMatch(/\/whisk\.system\/utils/);
    const shown = await wispCli('catalog', 'show', 'alarms');
    expect(shown).toMatch(/feed \/whisk\.system\/alarms\/alarm \(alarm\)/);
    expect(shown).toMatch(/-p cron \(required\)/);
    const out = await wispCli('catalog', 'install', 'utils', '--as', 'myutils', '--namespace', t.namespace, '-p', 'num', '2');
    expect(out).toBe(`bound /${t.namespace}/myutils to /whisk.system/utils`);
    const binding = await t.ow.packages.get({ name: 'myutils' });
    expect(binding.binding).toEqual({ namespace: 'whisk.system', name: 'utils' });
    expect(binding.parameters).toEqual(expect.arrayContaining([{ key: 'num', value: 2 }]));
    const sorted = await t.ow.actions.invoke({ name: 'myutils/sort', blocking: true, result: true, params: { lines: ['pear', 'apple', 'fig'] } });
    expect(sorted).toEqual({ lines: ['apple', 'fig', 'pear'], length: 3 });
    const head = await t.ow.actions.invoke({ name: 'myutils/head', blocking: true, result: true, params: { lines: ['a', 'b', 'c'] } });
    expect(head).toEqual({ lines: ['a', 'b'], num: 2 });
    const hello = await t.ow.actions.invoke({ name: '/whisk.system/samples/greeting', blocking: true, result: true, params: { name: 'Mork', place: 'Ork' } });
    expect(hello).toEqual({ payload: 'Hello, Mork from Ork!' });
  });
});
