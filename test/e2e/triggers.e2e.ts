import { http } from '../support/http';
import { createTestNamespace, type TestNamespace, uniqueName } from '../support/namespaces';
import { rejection, expectError } from '../support/errors';

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('triggers API', () => {
  let me: TestNamespace;
  let other: TestNamespace;

  beforeAll(async () => {
    [me, other] = await Promise.all([createTestNamespace('trg'), createTestNamespace('trgother')]);
  });

  it('creates a trigger with OpenWhisk defaults and reads it back', async () => {
    const created = await me.ow.triggers.create({ name: 't-basic' });
    expect(created).toEqual({
      namespace: me.namespace,
      name: 't-basic',
      version: '0.0.1',
      publish: false,
      annotations: [],
      parameters: [],
      limits: {},
      updated: expect.any(Number),
    });
    expect(created).not.toHaveProperty('rules');
    expect(await me.ow.triggers.get({ name: 't-basic' })).toEqual(created);
  });

  it('stores parameters, annotations and limits as given', async () => {
    const created = await me.ow.triggers.create({
      name: 't-full',
      trigger: { parameters: [{ key: 'p', value: { deep: [1, 2] } }], limits: { custom: 1 }, publish: true, annotations: [{ key: 'description', value: 'hello' }] },
    });
    expect(created).toMatchObject({
      parameters: [{ key: 'p', value: { deep: [1, 2] } }],
      limits: { custom: 1 },
      publish: true,
      annotations: [{ key: 'description', value: 'hello' }],
    });
  });

  it('answers 409 on an existing name unless overwrite, and update bumps the version keeping absent fields', async () => {
    await me.ow.triggers.create({
      name: 't-upd',
      trigger: { parameters: [{ key: 'a', value: 1 }], annotations: [{ key: 'x', value: 1 }, { key: 'y', value: 2 }] },
    });
    const dup = await rejection(me.ow.triggers.create({ name: 't-upd' }));
    expect(dup.statusCode).toBe(409);
    expect(dup.error.error).toBe('resource already exists');

    const updated = await me.ow.triggers.update({ name: 't-upd', trigger: { annotations: [{ key: 'z', value: 3 }] } });
    expect(updated.version).toBe('0.0.2');
    expect(updated.parameters).toEqual([{ key: 'a', value: 1 }]);
    // for triggers the given annotations replace the stored ones
    expect(updated.annotations).toEqual([{ key: 'z', value: 3 }]);

    const again = await me.ow.triggers.update({ name: 't-upd', trigger: { parameters: [{ key: 'b', value: 2 }] } });
    expect(again).toMatchObject({ version: '0.0.3', parameters: [{ key: 'b', value: 2 }], annotations: [{ key: 'z', value: 3 }] });

    const pinned = await me.ow.triggers.update({ name: 't-upd', trigger: { version: '1.2.3' } });
    expect(pinned.version).toBe('1.2.3');
    expect((await me.ow.triggers.get({ name: 't-upd' })).version).toBe('1.2.3');
  });

  it('creates with PUT ?overwrite=true when the trigger is new', async () => {
    const created = await me.ow.triggers.update({ name: 't-new-overwrite' });
    expect(created.version).toBe('0.0.1');
  });

  it('accepts a fully qualified feed annotation and rejects any other', async () => {
    const ok = await me.ow.triggers.create({ name: 't-feed', trigger: { annotations: [{ key: 'feed', value: '/whisk.system/alarms/alarm' }] } });
    expect(ok.annotations).toEqual([{ key: 'feed', value: '/whisk.system/alarms/alarm' }]);
    for (const feed of ['alarm', 'alarms/alarm', 42]) {
      const bad = await http('PUT', `/api/v1/namespaces/_/triggers/t-badfeed`, { key: me.key, body: { annotations: [{ key: 'feed', value: feed }] } });
      expectError(bad, 400, 'Feed name is not valid');
    }
    expect((await http('GET', '/api/v1/namespaces/_/triggers/t-badfeed', { key: me.key })).status).toBe(404);
  });

  it('rejects bad names and bodies with 400', async () => {
    expectError(await http('PUT', '/api/v1/namespaces/_/triggers/%20lead', { key: me.key, body: {} }), 400, 'The name of the entity contains illegal characters.');
    const badParams = await http('PUT', '/api/v1/namespaces/_/triggers/t-badparams', { key: me.key, body: { parameters: { a: 1 } } });
    expect(badParams.status).toBe(400);
    expect(badParams.body.error).toMatch(/^The request content was malformed:/);
    const badLimits = await http('PUT', '/api/v1/namespaces/_/triggers/t-badlimits', { key: me.key, body: { limits: [1] } });
    expect(badLimits.status).toBe(400);
  });

  it('deletes a trigger, returning it', async () => {
    await me.ow.triggers.create({ name: 't-del', trigger: { parameters: [{ key: 'k', value: 'v' }] } });
    const deleted = await me.ow.triggers.delete({ name: 't-del' });
    expect(deleted).toMatchObject({ namespace: me.namespace, name: 't-del', parameters: [{ key: 'k', value: 'v' }] });
    const gone = await rejection(me.ow.triggers.get({ name: 't-del' }));
    expect(gone.statusCode).toBe(404);
    expect(gone.error.error).toBe('The requested resource does not exist.');
    expectError(await http('DELETE', '/api/v1/namespaces/_/triggers/t-del', { key: me.key }), 404, 'The requested resource does not exist.');
  });

  it('resolves the _ alias and the explicit namespace alike', async () => {
    await http('PUT', '/api/v1/namespaces/_/triggers/t-alias', { key: me.key, body: {} });
    const explicit = await http('GET', `/api/v1/namespaces/${me.namespace}/triggers/t-alias`, { key: me.key });
    expect(explicit.status).toBe(200);
    expect(explicit.body.namespace).toBe(me.namespace);
    const viaClient = await me.ow.triggers.get({ name: `/${me.namespace}/t-alias` });
    expect(viaClient.name).toBe('t-alias');
  });

  it('forbids every operation on another namespace with 403', async () => {
    await me.ow.triggers.create({ name: 't-private' });
    const base = `/api/v1/namespaces/${me.namespace}/triggers`;
    const resource = `${me.namespace}/triggers/t-private`;
    expectError(await http('GET', `${base}/t-private`, { key: other.key }), 403, `The supplied authentication is not authorized to access '${resource}'.`);
    expectError(await http('PUT', `${base}/t-private?overwrite=true`, { key: other.key, body: {} }), 403, `The supplied authentication is not authorized to access '${resource}'.`);
    expectError(await http('DELETE', `${base}/t-private`, { key: other.key }), 403, `The supplied authentication is not authorized to access '${resource}'.`);
    expectError(await http('GET', base, { key: other.key }), 403, `The supplied authentication is not authorized to access '${me.namespace}/triggers'.`);
    const viaClient = await rejection(other.ow.triggers.get({ name: `/${me.namespace}/t-private` }));
    expect(viaClient.statusCode).toBe(403);
    expect((await me.ow.triggers.get({ name: 't-private' })).version).toBe('0.0.1');
  });

  it('lists newest first with skip, limit and count', async () => {
    const t = await createTestNamespace('trglist');
    const names = ['l-one', 'l-two', 'l-three'];
    for (const name of names) {
      await t.ow.triggers.create({ name });
      await pause(5);
    }
    const all = await t.ow.triggers.list();
    expect(all.map((x: { name: string }) => x.name)).toEqual(['l-three', 'l-two', 'l-one']);
    expect(all[0]).toEqual({ namespace: t.namespace, name: 'l-three', version: '0.0.1', publish: false, annotations: [], updated: expect.any(Number) });
    expect((await t.ow.triggers.list({ limit: 2 })).map((x: { name: string }) => x.name)).toEqual(['l-three', 'l-two']);
    expect((await t.ow.triggers.list({ skip: 1, limit: 1 })).map((x: { name: string }) => x.name)).toEqual(['l-two']);
    expect(await t.ow.triggers.list({ count: true })).toEqual({ triggers: 3 });
    // an update makes a trigger the newest
    await pause(5);
    await t.ow.triggers.update({ name: 'l-one' });
    expect((await t.ow.triggers.list({ limit: 1 }))[0].name).toBe('l-one');
    expectError(await http('GET', '/api/v1/namespaces/_/triggers?limit=201', { key: t.key }), 400, "The value '201' is not in the range of 0 to 200 for triggers.");
    expectError(await http('GET', '/api/v1/namespaces/_/triggers?skip=-1', { key: t.key }), 400, "The value '-1' is not greater than or equal to 0 for triggers.");
    expectError(await http('GET', '/api/v1/namespaces/_/triggers?limit=x', { key: t.key }), 400, "The value 'x' is not an integer for triggers.");
  });

  it('lets exactly one of concurrent creates win and never loses a concurrent update', async () => {
    const creates = await Promise.all(Array.from({ length: 6 }, () => http('PUT', '/api/v1/namespaces/_/triggers/t-race', { key: me.key, body: {} })));
    expect(creates.filter((r) => r.status === 200)).toHaveLength(1);
    for (const r of creates.filter((x) => x.status !== 200)) expectError(r, 409, 'resource already exists');

    const updates = await Promise.all(
      Array.from({ length: 8 }, (_, i) => http('PUT', '/api/v1/namespaces/_/triggers/t-race?overwrite=true', { key: me.key, body: { parameters: [{ key: 'i', value: i }] } })),
    );
    const won = updates.filter((r) => r.status === 200);
    for (const r of updates.filter((x) => x.status !== 200)) expectError(r, 409, 'Concurrent modification to resource detected.');
    expect(won.length).toBeGreaterThan(0);
    // every successful update bumped the version once: none was silently overwritten
    expect((await me.ow.triggers.get({ name: 't-race' })).version).toBe(`0.0.${1 + won.length}`);
  });

  it('answers 404 for a missing trigger with the request id as code', async () => {
    const name = uniqueName('missing');
    const r = await http('GET', `/api/v1/namespaces/_/triggers/${name}`, { key: me.key, headers: { 'x-request-id': 'trg-trace-1' } });
    expect(r.body).toEqual({ error: 'The requested resource does not exist.', code: 'trg-trace-1' });
  });
});
