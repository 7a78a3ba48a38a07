import { randomUUID } from 'node:crypto';
import { BUSY_FOREVER, ENVIRONMENT, FORK_BOMB, MEMORY_HOG, REACH_OUT, SELF_INSPECTION } from './sandbox-breakout.actions';
import { SandboxAttackHarness } from './sandbox-attack.harness';

jest.setTimeout(180_000);

/** A value only the invoker's own environment holds: it must never show up inside a container. */
const HOST_CANARY = `host-secret-${randomUUID()}`;
const resultOf = <T>(c: { activation: { response: { result?: unknown } } }) => c.activation.response.result as T;
const NOOP = 'function main() { return { noop: true }; }';

/**
 * #13 §5: an action attacks its sandbox from inside. Every attack ends in the right activation record, and the
 * invoker goes on serving: a no-op action invoked right after each attack succeeds.
 */
describe('sandbox breakout attempts from action code', () => {
  let h: SandboxAttackHarness;

  beforeAll(async () => {
    process.env.WISP_IT_HOST_CANARY = HOST_CANARY;
    h = await SandboxAttackHarness.start();
  });

  afterAll(async () => {
    delete process.env.WISP_IT_HOST_CANARY;
    await h?.stop();
  });

  afterEach(async () => {
    const after = await h.invoke(h.action(NOOP).message());
    expect(after.activation.response).toMatchObject({ statusCode: 0, result: { noop: true } });
  });

  it('runs unprivileged: uid and gid not 0, no capabilities, no-new-privileges, read-only root, capped /tmp, pids and memory limits', async () => {
    const c = await h.invoke(h.action(SELF_INSPECTION, { memory: 256 }).message());
    expect(c.activation.response.statusCode).toBe(0);
    const me = resultOf<Record<string, any>>(c);
    for (const id of [...me.uid, ...me.gid]) expect(id).not.toBe('0');
    expect({ capEff: me.capEff, capPrm: me.capPrm, capBnd: me.capBnd }).toEqual({ capEff: '0000000000000000', capPrm: '0000000000000000', capBnd: '0000000000000000' });
    expect(me.noNewPrivs).toBe('1');
    expect(me.root.options).toContain('ro');
    expect(me.tmp.fstype).toBe('tmpfs');
    expect(me.tmp.options).toEqual(expect.arrayContaining(['noexec', 'nosuid', 'nodev']));
    expect(me.tmp.superOptions.find((o: string) => o.startsWith('size='))).toBeDefined();
    expect(me.pidsMax).toBe('512');
    expect(me.memoryMax).toBe(String(256 * 1024 * 1024));
  });

  it('a fork bomb is bounded: the kernel refuses or the container dies, and the record says which', async () => {
    const bomb = h.action(FORK_BOMB, { memory: 256, timeout: 20_000 });
    const c = await h.invoke(bomb.message());
    const { statusCode, result } = c.activation.response as { statusCode: number; result: Record<string, unknown> };
    if (statusCode === 0) {
      // It came back: the kernel refused processes past the pids limit.
      expect(result.error).toBe('EAGAIN');
      expect(result.alive as number).toBeLessThanOrEqual(512);
    } else {
      // The memory limit killed the container first: an action developer error, never an internal one.
      expect(statusCode).toBe(2);
      expect(String((result as { error: string }).error)).toMatch(/memory|exited unexpectedly/);
      // A container that failed that way is never reused.
      expect(await h.waitUntilRemoved(bomb, 30_000)).toBe(true);
    }
  });

  it('allocating past its memory limit is a developer error naming memory', async () => {
    const c = await h.invoke(h.action(MEMORY_HOG, { memory: 128, timeout: 30_000 }).message());
    expect(c.activation.response).toMatchObject({ statusCode: 2, result: { error: 'The action exhausted its memory and was aborted.' } });
  });

  it('reaches neither the API, PostgreSQL, RabbitMQ, Redis, MQTT nor the Docker socket: it has no network but its own loopback', async () => {
    const ports = [3233, 3299, 5432, 5672, 6379, 1883, 2375];
    const c = await h.invoke(h.action(REACH_OUT, { timeout: 30_000 }).message({ ports }));
    expect(c.activation.response.statusCode).toBe(0);
    const r = resultOf<{ connections: { name: string; outcome: string }[]; paths: { path: string; exists: boolean }[]; interfaces: string[] }>(c);
    expect(r.connections).toHaveLength(ports.length + 2);
    expect(r.connections.filter((x) => x.outcome === 'connected')).toEqual([]);
    expect(r.paths.filter((p) => p.exists)).toEqual([]);
    expect(r.interfaces).toEqual(['lo']);
    expect(h.canary.connections).toBe(0);
  });

  it('sees nothing of the host environment: no invoker variable, no database or broker URL, no host value', async () => {
    const c = await h.invoke(h.action(ENVIRONMENT).message());
    expect(c.activation.response.statusCode).toBe(0);
    const r = resultOf<{ env: string[]; values: string; initial: string }>(c);
    for (const text of [r.values, r.initial]) {
      expect(text).not.toContain(HOST_CANARY);
      expect(text).not.toMatch(/postgres:\/\/|amqp:\/\/|WISP_DATABASE_URL|WISP_AMQP_URL|PGPASSWORD/);
    }
    expect(r.env.filter((k) => k.startsWith('WISP_'))).toEqual([]);
    expect(r.env).toEqual(expect.arrayContaining(['__OW_ACTION_NAME', '__OW_ACTIVATION_ID', '__OW_DEADLINE']));
  });

  it('running past its timeout with a blocked event loop is a developer error with the limit, and the container goes', async () => {
    const busy = h.action(BUSY_FOREVER, { timeout: 1500 });
    const c = await h.invoke(busy.message());
    expect(c.activation.response).toMatchObject({ statusCode: 2, result: { error: 'The action exceeded its time limits of 1500 milliseconds.' } });
    expect(await h.waitUntilRemoved(busy, 20_000)).toBe(true);
  });
});
