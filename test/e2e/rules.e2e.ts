import { http } from '../support/http';
import { createTestNamespace, type TestNamespace } from '../support/namespaces';
import { rejection, expectError } from '../support/errors';

/** Creates an action with plain HTTP (`path` is `name` or `pkg/name`). */
async function putAction(t: TestNamespace, path: string): Promise<void> {
  const r = await http('PUT', `/api/v1/namespaces/_/actions/${path}`, { key: t.key, body: { exec: { kind: 'nodejs:20', code: 'function main(p){return p}' } } });
  if (r.status !== 200) throw new Error(`creating action ${path}: ${r.status} ${JSON.stringify(r.body)}`);
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('rules API', () => {
  let me: TestNamespace;
  let other: TestNamespace;

  beforeAll(async () => {
    [me, other] = await Promise.all([createTestNamespace('rul'), createTestNamespace('rulother')]);
    await putAction(me, 'hello');
    await putAction(me, 'bye');
    await me.ow.triggers.create({ name: 't1' });
    await me.ow.triggers.create({ name: 't2' });
  });

  it('creates an active rule, shown on the trigger, through the openwhisk client (/_/name references)', async () => {
    const rule = await me.ow.rules.create({ name: 'r-basic', trigger: 't1', action: 'hello' });
    expect(rule).toEqual({
      namespace: me.namespace,
      name: 'r-basic',
      version: '0.0.1',
      publish: false,
      annotations: [],
      status: 'active',
      trigger: { path: me.namespace, name: 't1' },
      action: { path: me.namespace, name: 'hello' },
      updated: expect.any(Number),
    });
    expect(await me.ow.rules.get({ name: 'r-basic' })).toEqual(rule);
    const trigger = await me.ow.triggers.get({ name: 't1' });
    expect(trigger.rules).toEqual({ [`${me.namespace}/r-basic`]: { action: { path: me.namespace, name: 'hello' }, status: 'active' } });
  });

  it('accepts explicit namespaces in references', async () => {
    const r = await http('PUT', '/api/v1/namespaces/_/rules/r-explicit', { key: me.key, body: { trigger: `/${me.namespace}/t2`, action: `/${me.namespace}/bye` } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ trigger: { path: me.namespace, name: 't2' }, action: { path: me.namespace, name: 'bye' }, status: 'active' });
  });

  it('disables and enables, with the status on the rule and on its trigger; the same state again is a no-op', async () => {
    await me.ow.rules.create({ name: 'r-toggle', trigger: 't2', action: 'hello' });
    const key = `${me.namespace}/r-toggle`;
    await me.ow.rules.disable({ name: 'r-toggle' });
    expect((await me.ow.rules.get({ name: 'r-toggle' })).status).toBe('inactive');
    expect((await me.ow.triggers.get({ name: 't2' })).rules![key].status).toBe('inactive');

    const again = await http('POST', '/api/v1/namespaces/_/rules/r-toggle', { key: me.key, body: { status: 'inactive' } });
    expect(again.status).toBe(200);
    expect(again.body).toBeUndefined();

    const enabled = await http('POST', '/api/v1/namespaces/_/rules/r-toggle', { key: me.key, body: { status: 'active' } });
    expect(enabled.status).toBe(200);
    expect(enabled.body).toBeUndefined();
    expect((await me.ow.rules.get({ name: 'r-toggle' })).status).toBe('active');
    expect((await me.ow.triggers.get({ name: 't2' })).rules![key]).toEqual({ action: { path: me.namespace, name: 'hello' }, status: 'active' });
    await me.ow.rules.enable({ name: 'r-toggle' });
    expect((await me.ow.rules.get({ name: 'r-toggle' })).status).toBe('active');
  });

  it('rejects unknown rule states with 400', async () => {
    await me.ow.rules.create({ name: 'r-state', trigger: 't1', action: 'hello' });
    for (const status of ['enabled', 'ACTIVE']) {
      const r = await http('POST', '/api/v1/namespaces/_/rules/r-state', { key: me.key, body: { status } });
      expectError(r, 400, `'${status}' is not a recognized rule state, must be one of ['active', 'inactive']`);
    }
    expectError(await http('POST', '/api/v1/namespaces/_/rules/r-missing', { key: me.key, body: { status: 'active' } }), 404, 'The requested resource does not exist.');
  });

  it('answers 400 when the trigger or action does not exist, or a reference is not fully qualified', async () => {
    const noAction = await rejection(me.ow.rules.create({ name: 'r-bad', trigger: 't1', action: 'nope' }));
    expect(noAction.statusCode).toBe(400);
    expect(noAction.error.error).toBe(`action /${me.namespace}/nope does not exist`);
    const noTrigger = await rejection(me.ow.rules.create({ name: 'r-bad', trigger: 'nope', action: 'hello' }));
    expect(noTrigger.statusCode).toBe(400);
    expect(noTrigger.error.error).toBe(`trigger /${me.namespace}/nope does not exist`);
    const noPackage = await http('PUT', '/api/v1/namespaces/_/rules/r-bad', { key: me.key, body: { trigger: '/_/t1', action: '/_/nopkg/a' } });
    expectError(noPackage, 400, `action /${me.namespace}/nopkg/a does not exist`);
    const relative = await http('PUT', '/api/v1/namespaces/_/rules/r-bad', { key: me.key, body: { trigger: 't1', action: '/_/hello' } });
    expectError(relative, 400, "The request content was malformed:\n'trigger' is required and must be a fully qualified name.");
    const missing = await http('PUT', '/api/v1/namespaces/_/rules/r-bad', { key: me.key, body: { trigger: '/_/t1' } });
    expectError(missing, 400, "The request content was malformed:\n'action' is required and must be a fully qualified name.");
    expect((await http('GET', '/api/v1/namespaces/_/rules/r-bad', { key: me.key })).status).toBe(404);
  });

  it('answers 409 on an existing name unless overwrite', async () => {
    await me.ow.rules.create({ name: 'r-dup', trigger: 't1', action: 'hello' });
    const dup = await rejection(me.ow.rules.create({ name: 'r-dup', trigger: 't1', action: 'hello' }));
    expect(dup.statusCode).toBe(409);
    expect(dup.error.error).toBe('resource already exists');
  });

  it('update re-points trigger and action, bumps the version and keeps the status', async () => {
    await me.ow.rules.create({ name: 'r-move', trigger: 't1', action: 'hello' });
    await me.ow.rules.disable({ name: 'r-move' });
    const moved = await me.ow.rules.update({ name: 'r-move', trigger: 't2', action: 'bye' });
    expect(moved).toMatchObject({ version: '0.0.2', status: 'inactive', trigger: { path: me.namespace, name: 't2' }, action: { path: me.namespace, name: 'bye' } });
    const key = `${me.namespace}/r-move`;
    expect((await me.ow.triggers.get({ name: 't2' })).rules![key]).toEqual({ action: { path: me.namespace, name: 'bye' }, status: 'inactive' });
    expect((await me.ow.triggers.get({ name: 't1' })).rules?.[key]).toBeUndefined();

    // only annotations given: trigger and action stay, annotations are replaced
    const annotated = await http('PUT', '/api/v1/namespaces/_/rules/r-move?overwrite=true', { key: me.key, body: { annotations: [{ key: 'a', value: 1 }] } });
    expect(annotated.status).toBe(200);
    expect(annotated.body).toMatchObject({ version: '0.0.3', status: 'inactive', annotations: [{ key: 'a', value: 1 }], trigger: { name: 't2' }, action: { name: 'bye' } });
  });

  it('keeps rules readable and deletable after their trigger or action is deleted', async () => {
    await putAction(me, 'doomed');
    await me.ow.triggers.create({ name: 't-doomed' });
    await me.ow.rules.create({ name: 'r-orphan', trigger: 't-doomed', action: 'doomed' });
    const deletedTrigger = await me.ow.triggers.delete({ name: 't-doomed' });
    expect(deletedTrigger.rules).toEqual({ [`${me.namespace}/r-orphan`]: { action: { path: me.namespace, name: 'doomed' }, status: 'active' } });
    expect((await http('DELETE', '/api/v1/namespaces/_/actions/doomed', { key: me.key })).status).toBe(200);

    const orphan = await me.ow.rules.get({ name: 'r-orphan' });
    expect(orphan).toMatchObject({ status: 'inactive', trigger: { name: 't-doomed' }, action: { name: 'doomed' } });
    expectError(await http('POST', '/api/v1/namespaces/_/rules/r-orphan', { key: me.key, body: { status: 'active' } }), 404, 'Only rules with existing triggers can be activated');
    // disabling is already the state of a rule without trigger: a no-op, as in OpenWhisk
    expect((await http('POST', '/api/v1/namespaces/_/rules/r-orphan', { key: me.key, body: { status: 'inactive' } })).status).toBe(200);

    // a new trigger of the same name does not inherit an active rule
    await me.ow.triggers.create({ name: 't-doomed' });
    expect((await me.ow.triggers.get({ name: 't-doomed' })).rules?.[`${me.namespace}/r-orphan`]?.status).toBe('inactive');
    await me.ow.triggers.delete({ name: 't-doomed' });

    const deleted = await me.ow.rules.delete({ name: 'r-orphan' });
    expect(deleted).toMatchObject({ name: 'r-orphan', status: 'inactive', action: { path: me.namespace, name: 'doomed' } });
    expect((await rejection(me.ow.rules.get({ name: 'r-orphan' }))).statusCode).toBe(404);
  });

  it('deletes a rule, returning it inactive, and takes it off its trigger', async () => {
    await me.ow.triggers.create({ name: 't-del' });
    await me.ow.rules.create({ name: 'r-del', trigger: 't-del', action: 'hello' });
    const deleted = await me.ow.rules.delete({ name: 'r-del' });
    expect(deleted).toMatchObject({ namespace: me.namespace, name: 'r-del', status: 'inactive' });
    expect(await me.ow.triggers.get({ name: 't-del' })).not.toHaveProperty('rules');
    expectError(await http('DELETE', '/api/v1/namespaces/_/rules/r-del', { key: me.key }), 404, 'The requested resource does not exist.');
  });

  it('forbids another namespace with 403, and references to its triggers and private actions', async () => {
    await me.ow.rules.create({ name: 'r-private', trigger: 't1', action: 'hello' });
    const base = `/api/v1/namespaces/${me.namespace}/rules`;
    const denied = `The supplied authentication is not authorized to access '${me.namespace}/rules/r-private'.`;
    expectError(await http('GET', `${base}/r-private`, { key: other.key }), 403, denied);
    expectError(await http('PUT', `${base}/r-private?overwrite=true`, { key: other.key, body: { trigger: '/_/t1', action: '/_/hello' } }), 403, denied);
    expectError(await http('POST', `${base}/r-private`, { key: other.key, body: { status: 'inactive' } }), 403, denied);
    expectError(await http('DELETE', `${base}/r-private`, { key: other.key }), 403, denied);
    expectError(await http('GET', base, { key: other.key }), 403, `The supplied authentication is not authorized to access '${me.namespace}/rules'.`);
    expect((await rejection(other.ow.rules.get({ name: `/${me.namespace}/r-private` }))).statusCode).toBe(403);
    expect((await me.ow.rules.get({ name: 'r-private' })).status).toBe('active');

    await other.ow.triggers.create({ name: 'ot' });
    await putAction(other, 'oa');
    const foreignTrigger = await http('PUT', '/api/v1/namespaces/_/rules/r-foreign', { key: me.key, body: { trigger: `/${other.namespace}/ot`, action: '/_/hello' } });
    expectError(foreignTrigger, 403, `The supplied authentication is not authorized to access '${other.namespace}/triggers/ot'.`);
    const foreignAction = await http('PUT', '/api/v1/namespaces/_/rules/r-foreign', { key: me.key, body: { trigger: '/_/t1', action: `/${other.namespace}/oa` } });
    expectError(foreignAction, 403, `The supplied authentication is not authorized to access '${other.namespace}/actions/oa'.`);
  });

  it('may point at an action in a published package of another namespace, not in a private one', async () => {
    for (const [pkg, publish] of [['shared', true], ['private', false]] as const) {
      const r = await http('PUT', `/api/v1/namespaces/_/packages/${pkg}`, { key: other.key, body: { publish } });
      expect(r.status).toBe(200);
      await putAction(other, `${pkg}/echo`);
    }
    const ok = await me.ow.rules.create({ name: 'r-shared', trigger: 't1', action: `/${other.namespace}/shared/echo` });
    expect(ok.action).toEqual({ path: `${other.namespace}/shared`, name: 'echo' });
    expect((await me.ow.triggers.get({ name: 't1' })).rules![`${me.namespace}/r-shared`].action).toEqual({ path: `${other.namespace}/shared`, name: 'echo' });
    const hidden = await http('PUT', '/api/v1/namespaces/_/rules/r-hidden', { key: me.key, body: { trigger: '/_/t1', action: `/${other.namespace}/private/echo` } });
    expectError(hidden, 403, `The supplied authentication is not authorized to access '${other.namespace}/packages/private'.`);
    const missing = await http('PUT', '/api/v1/namespaces/_/rules/r-hidden', { key: me.key, body: { trigger: '/_/t1', action: `/${other.namespace}/shared/nope` } });
    expectError(missing, 400, `action /${other.namespace}/shared/nope does not exist`);
  });

  it('lists stored rules without status, newest first, with skip, limit and count', async () => {
    const t = await createTestNamespace('rullist');
    await putAction(t, 'a');
    await t.ow.triggers.create({ name: 't' });
    for (const name of ['l-one', 'l-two', 'l-three']) {
      await t.ow.rules.create({ name, trigger: 't', action: 'a' });
      await pause(5);
    }
    const all = await t.ow.rules.list();
    expect(all.map((r: { name: string }) => r.name)).toEqual(['l-three', 'l-two', 'l-one']);
    expect(all[0]).toEqual({
      namespace: t.namespace,
      name: 'l-three',
      version: '0.0.1',
      publish: false,
      annotations: [],
      trigger: { path: t.namespace, name: 't' },
      action: { path: t.namespace, name: 'a' },
      updated: expect.any(Number),
    });
    expect((await t.ow.rules.list({ limit: 2 })).map((r: { name: string }) => r.name)).toEqual(['l-three', 'l-two']);
    expect((await t.ow.rules.list({ skip: 2 })).map((r: { name: string }) => r.name)).toEqual(['l-one']);
    expect(await t.ow.rules.list({ count: true })).toEqual({ rules: 3 });
    expectError(await http('GET', '/api/v1/namespaces/_/rules?limit=300', { key: t.key }), 400, "The value '300' is not in the range of 0 to 200 for rules.");
  });

  it('resolves the _ alias and the explicit namespace alike, and echoes the request id in errors', async () => {
    await me.ow.rules.create({ name: 'r-alias', trigger: 't1', action: 'hello' });
    const explicit = await http('GET', `/api/v1/namespaces/${me.namespace}/rules/r-alias`, { key: me.key });
    expect(explicit.status).toBe(200);
    expect(explicit.body.namespace).toBe(me.namespace);
    const traced = await http('GET', '/api/v1/namespaces/_/rules/r-none', { key: me.key, headers: { 'x-request-id': 'rule-trace-7' } });
    expect(traced.body).toEqual({ error: 'The requested resource does not exist.', code: 'rule-trace-7' });
  });
});
