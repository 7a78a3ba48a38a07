import { activationMessage, loadConfig, Messages } from '@wisp/core';
import { ContainerPool } from '../pool/container-pool';
import { FakeContainerFactory } from '../testing/fake.container-factory';
import { ActionCodeLoader, ActionRemovedError } from './action-code.loader';
import { ActivationRunner } from './activation-runner';

const config = loadConfig({ WISP_PREWARM_COUNT: '0', WISP_PAUSE_GRACE_MS: '60000', WISP_PUBLIC_URL: 'http://wisp.test:3233' });
const annotations = (r: { annotations: { key: string; value: unknown }[] }) => Object.fromEntries(r.annotations.map((a) => [a.key, a.value]));
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('ActivationRunner', () => {
  let factory: FakeContainerFactory;
  let pool: ContainerPool;
  let loader: { load: jest.Mock };
  let runner: ActivationRunner;

  beforeEach(() => {
    factory = new FakeContainerFactory();
    pool = new ContainerPool(factory, config);
    loader = { load: jest.fn() };
    runner = new ActivationRunner(factory, pool, loader as unknown as ActionCodeLoader, { containerStarted: () => undefined } as never, config);
  });
  afterEach(() => pool.stop());

  it('inits on a cold start only and records initTime only then', async () => {
    factory.runOutcome = { kind: 'response', status: 200, body: '{"ok":1}', size: 8, truncated: false };
    const m = activationMessage();
    const cold = await runner.run(m);
    const warm = await runner.run({ ...m, activationId: 'b'.repeat(32) });
    expect(factory.calls).toEqual(['create c1 wisp/action-nodejs:20 256', 'init c1', 'run c1', 'run c1']);
    expect(annotations(cold).initTime).toEqual(expect.any(Number));
    expect(annotations(warm)).not.toHaveProperty('initTime');
    expect(warm.response).toEqual({ statusCode: 0, result: { ok: 1 }, size: 8 });
    expect((factory.bodies[0].body as { value: { env: Record<string, string> } }).value.env.__OW_API_HOST).toBe('http://wisp.test:3233');
  });

  it('ties a container to its package and binding rows only when their parameters reach /init', async () => {
    factory.runOutcome = { kind: 'response', status: 200, body: '{}', size: 2, truncated: false };
    const packages = [{ id: 'pkg', revision: 2 }, { id: 'binding', revision: 5 }];
    await runner.run(activationMessage({ action: { id: 'plain', revision: 3 }, packages }));
    await runner.run(activationMessage({ action: { id: 'init', revision: 1 }, packages, params: { MODE: 'x' }, initParams: ['MODE'] }));
    expect(pool.heldSources()).toEqual(
      expect.arrayContaining([
        { table: 'actions', id: 'plain', revision: 3 },
        { table: 'actions', id: 'init', revision: 1 },
        { table: 'packages', id: 'pkg', revision: 2 },
        { table: 'packages', id: 'binding', revision: 5 },
      ]),
    );
    expect(pool.heldSources()).toHaveLength(4);
    // A package change leaves the container without init parameters alone.
    expect(pool.dropStale((s) => s.table === 'actions')).toBe(1);
    expect(pool.heldSources()).toEqual([{ table: 'actions', id: 'plain', revision: 3 }]);
  });

  it('destroys the container after a developer error and keeps it after an application error', async () => {
    factory.runOutcome = { kind: 'response', status: 200, body: '{"error":"x"}', size: 13, truncated: false };
    await runner.run(activationMessage({ action: { id: 'app' } }));
    await tick();
    expect(factory.live.size).toBe(1);
    factory.runOutcome = { kind: 'timeout' };
    const timedOut = await runner.run(activationMessage({ action: { id: 'dev', limits: { timeout: 100 } } }));
    await tick();
    expect(timedOut.response.result).toEqual({ error: 'The action exceeded its time limits of 100 milliseconds.' });
    expect(annotations(timedOut).timeout).toBe(true);
    expect(factory.live.size).toBe(1);
  });

  it('a run whose proxy connection broke is a developer error; the container is destroyed, never reused', async () => {
    factory.dropsConnection = true;
    factory.runOutcome = { kind: 'crashed', oomKilled: false };
    const m = activationMessage();
    const attacked = await runner.run(m);
    await tick();
    expect(attacked.response).toMatchObject({ statusCode: 2 });
    expect(factory.live.size).toBe(0);
    factory.dropsConnection = false;
    factory.runOutcome = { kind: 'response', status: 200, body: '{}', size: 2, truncated: false };
    const next = await runner.run({ ...m, activationId: 'c'.repeat(32) });
    expect(next.response.statusCode).toBe(0);
    expect(factory.calls).toEqual(['create c1 wisp/action-nodejs:20 256', 'init c1', 'run c1', 'destroy c1', 'create c2 wisp/action-nodejs:20 256', 'init c2', 'run c2']);
  });

  it('a failed init is a developer error and the container is destroyed', async () => {
    factory.initOutcome = { kind: 'response', status: 502, body: '{"error":"Initialization has failed due to: SyntaxError"}', size: 10, truncated: false };
    factory.logLines = ['2024-01-01T00:00:00Z           stderr: SyntaxError'];
    const r = await runner.run(activationMessage());
    await tick();
    expect(r.response).toMatchObject({ statusCode: 2, result: { error: 'Initialization has failed due to: SyntaxError' } });
    expect(r.logs).toEqual(factory.logLines);
    expect(annotations(r).initTime).toEqual(expect.any(Number));
    expect(factory.calls).not.toContain('run c1');
    expect(factory.live.size).toBe(0);
  });

  it('a missing blackbox image is a developer error with the platform text; a missing runtime image is internal', async () => {
    factory.missingImages.add('user/img:1').add(config.runtimeImage);
    const box = await runner.run(activationMessage({ action: { exec: { kind: 'blackbox', image: 'user/img:1' } } }));
    expect(box.response).toEqual({ statusCode: 2, result: { error: Messages.blackboxImageMissing('user/img:1') } });
    const node = await runner.run(activationMessage());
    expect(node.response.statusCode).toBe(3);
  });

  it('loads code by id and revision only when it was left out, and only on a cold start', async () => {
    loader.load.mockResolvedValue('function main() { return {}; }');
    const m = activationMessage({ action: { id: 'big', revision: 4, codeInline: false, exec: { kind: 'nodejs:20', code: undefined } } });
    await runner.run(m);
    await runner.run({ ...m, activationId: 'c'.repeat(32) });
    expect(loader.load).toHaveBeenCalledTimes(1);
    expect(loader.load).toHaveBeenCalledWith('big', 4);
    expect((factory.bodies[0].body as { value: { code: string } }).value.code).toBe('function main() { return {}; }');
  });

  it('an action removed before its cold start is an application error; an unreadable one internal', async () => {
    loader.load.mockRejectedValueOnce(new ActionRemovedError('gone')).mockRejectedValueOnce(new Error('db down'));
    const m = activationMessage({ action: { codeInline: false } });
    expect((await runner.run(m)).response).toEqual({ statusCode: 1, result: { error: 'Action could not be found or may have been deleted.' } });
    expect((await runner.run(m)).response).toEqual({ statusCode: 3, result: { error: 'Action could not be fetched.' } });
    await tick();
    expect(factory.live.size).toBe(0); // never-initialised containers are not kept
  });

  it('refuses kinds it cannot run as an internal error', async () => {
    const r = await runner.run(activationMessage({ action: { exec: { kind: 'swift:5.3' } } }));
    expect(r.response.statusCode).toBe(3);
    expect(factory.calls).toEqual([]);
  });
});
