import { ProxyProcess, SENTINEL, occurrences, stopAllProxies } from './proxy.harness';

const CONTEXT = {
  namespace: 'guest',
  action_name: '/guest/hello',
  action_version: '0.0.1',
  activation_id: 'a1b2c3',
  transaction_id: 'tx-1',
  deadline: '1700000060000',
  api_key: 'uuid:key',
};

describe('nodejs proxy /run', () => {
  let proxy: ProxyProcess;

  async function startWith(code: string): Promise<void> {
    const init = await proxy.init({ main: 'main', code });
    expect(init.status).toBe(200);
  }

  beforeEach(async () => {
    proxy = await ProxyProcess.start();
  });

  afterEach(stopAllProxies);

  it('passes params and exposes __OW_ context to the action', async () => {
    await startWith(`function main(params) {
      const env = {};
      for (const k of Object.keys(process.env)) if (k.startsWith('__OW_')) env[k] = process.env[k];
      return { params, env };
    }`);
    const reply = await proxy.run({ name: 'wisp', n: 1 }, CONTEXT);
    expect(reply.status).toBe(200);
    expect(reply.body.params).toEqual({ name: 'wisp', n: 1 });
    expect(reply.body.env).toEqual({
      __OW_NAMESPACE: 'guest',
      __OW_ACTION_NAME: '/guest/hello',
      __OW_ACTION_VERSION: '0.0.1',
      __OW_ACTIVATION_ID: 'a1b2c3',
      __OW_TRANSACTION_ID: 'tx-1',
      __OW_DEADLINE: '1700000060000',
      __OW_API_KEY: 'uuid:key',
    });
  });

  it('drops __OW_API_KEY when a run carries no api_key', async () => {
    await startWith('function main() { return { key: process.env.__OW_API_KEY ?? null, id: process.env.__OW_ACTIVATION_ID }; }');
    expect((await proxy.run({}, CONTEXT)).body).toEqual({ key: 'uuid:key', id: 'a1b2c3' });
    const { api_key: _omitted, ...withoutKey } = CONTEXT;
    expect((await proxy.run({}, { ...withoutKey, activation_id: 'second' })).body).toEqual({ key: null, id: 'second' });
  });

  it('serves many runs over its one connection', async () => {
    await startWith('let count = 0; function main() { return { count: ++count }; }');
    await proxy.run({});
    expect((await proxy.run({})).body).toEqual({ count: 2 });
    expect(proxy.channel.usable).toBe(true);
  });

  it('returns an array result as is', async () => {
    await startWith('function main() { return [1, { two: 2 }]; }');
    expect(await proxy.run({})).toMatchObject({ status: 200, body: [1, { two: 2 }] });
  });

  it('waits for a promise result', async () => {
    await startWith('function main(p) { return new Promise((resolve) => setTimeout(() => resolve({ later: p.x }), 30)); }');
    expect(await proxy.run({ x: 'yes' })).toMatchObject({ status: 200, body: { later: 'yes' } });
  });

  it('turns a rejected promise into an application error', async () => {
    await startWith('async function main(p) { if (p.kind === "error") throw new Error("nope"); return Promise.reject(p.kind === "object" ? { code: 7 } : undefined); }');
    expect(await proxy.run({ kind: 'error' })).toMatchObject({ status: 200, body: { error: 'nope' } });
    expect(await proxy.run({ kind: 'object' })).toMatchObject({ status: 200, body: { error: { code: 7 } } });
    expect(await proxy.run({ kind: 'nothing' })).toMatchObject({ status: 200, body: { error: {} } });
  });

  it('keeps the container usable after an application error', async () => {
    await startWith('async function main(p) { if (p.fail) throw new Error("app"); return { ok: true }; }');
    await proxy.run({ fail: true });
    expect(await proxy.run({})).toMatchObject({ status: 200, body: { ok: true } });
  });

  it('maps undefined and null results to an empty object', async () => {
    await startWith('function main(p) { return p.null ? null : undefined; }');
    expect(await proxy.run({})).toMatchObject({ status: 200, body: {} });
    expect(await proxy.run({ null: true })).toMatchObject({ status: 200, body: {} });
  });

  it('refuses a result that is not a dictionary', async () => {
    await startWith('function main(p) { return p.asNumber ? 42 : "text"; }');
    const expected = { status: 502, body: { error: 'The action did not return a dictionary.' } };
    expect(await proxy.run({})).toMatchObject(expected);
    expect(await proxy.run({ asNumber: true })).toMatchObject(expected);
  });

  it('answers 502 when the action throws, then refuses later runs', async () => {
    await startWith('function main() { throw new Error("kaboom"); }');
    const reply = await proxy.run({});
    expect(reply).toMatchObject({ status: 502, body: { error: 'An error has occurred: Error: kaboom' } });
    const later = await proxy.run({});
    expect(later.status).toBe(502);
    expect(later.body.error).toContain('kaboom');
    await proxy.waitForSentinels(2);
    expect(proxy.stderr).toContain('kaboom');
  });

  it('fails a pending run when the action throws outside its promise', async () => {
    await startWith('function main() { setTimeout(() => { throw new Error("from a timer"); }, 10); return new Promise(() => {}); }');
    const reply = await proxy.run({});
    expect(reply).toMatchObject({ status: 502, body: { error: 'An error has occurred: Error: from a timer' } });
    expect((await proxy.run({})).status).toBe(502);
  });

  it('refuses to run before init', async () => {
    const reply = await proxy.run({});
    expect(reply).toMatchObject({ status: 403, body: { error: 'Cannot run before init.' } });
  });

  it('prints the sentinel on both streams after the action output', async () => {
    await startWith('function main(p) { console.log("out", p.i); console.error("err", p.i); return {}; }');
    await proxy.run({ i: 1 });
    await proxy.run({ i: 2 });
    await proxy.waitForSentinels(2);
    expect(proxy.stdout).toBe(`out 1\n${SENTINEL}\nout 2\n${SENTINEL}\n`);
    expect(proxy.stderr).toBe(`err 1\n${SENTINEL}\nerr 2\n${SENTINEL}\n`);
  });

  it('writes sentinels even for refused runs', async () => {
    await proxy.run({});
    await proxy.waitForSentinels(1);
    expect(occurrences(proxy.stdout, SENTINEL)).toBe(1);
  });

  it('accepts large parameter bodies', async () => {
    await startWith('function main(p) { return { length: p.blob.length }; }');
    const blob = 'x'.repeat(20 * 1024 * 1024);
    expect(await proxy.run({ blob })).toMatchObject({ status: 200, body: { length: blob.length } });
  });

  it('lets process.exit end the process', async () => {
    await startWith('function main() { process.exit(3); }');
    await expect(proxy.run({})).rejects.toThrow();
    await proxy.waitForExit();
    expect(proxy.exitCode).toBe(3);
  });
});
