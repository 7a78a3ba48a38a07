import { ContainerPool } from '../../../apps/invoker/src/pool/container-pool';
import { annotationsOf } from '../invoker/invoker-harness';
import { CUT_WHEN_IDLE, EXEC_EVERYWHERE, KILL_CONNECTION, REPLACE_SOCKET, WRITE_EVERYWHERE } from './sandbox-attack.actions';
import { SandboxAttackHarness } from './sandbox-attack.harness';

jest.setTimeout(180_000);

const MB = 1024 * 1024;

interface Mount {
  point: string;
  options: string[];
  fstype: string;
  superOptions: string[];
}
interface WriteReport {
  dir: string;
  bytes: number;
  error: string | null;
  mount: Mount;
}
interface ExecReport {
  dir: string;
  executed: boolean;
  error: string | null;
  mount: Mount;
}

const resultOf = <T>(c: { activation: { response: { result?: unknown } } }) => c.activation.response.result as T;

/** A writable place is acceptable only as a size-limited tmpfs mounted noexec, nosuid and nodev. */
function expectSafeScratch(mount: Mount): void {
  expect(mount.fstype).toBe('tmpfs');
  expect(mount.options).toEqual(expect.arrayContaining(['rw', 'noexec', 'nosuid', 'nodev']));
  expect(mount.superOptions.find((o) => o.startsWith('size='))).toBeDefined();
}

describe('sandbox attacks from action code', () => {
  let h: SandboxAttackHarness;

  beforeAll(async () => {
    h = await SandboxAttackHarness.start();
  });

  afterAll(async () => {
    await h?.stop();
  });

  it('(a) 100 MB written to /run/wisp and everywhere else never reaches the host disk', async () => {
    const attack = h.action(WRITE_EVERYWHERE, { timeout: 120_000 });
    const before = h.hostDirBytes();
    const c = await h.invoke(attack.message({ mb: 100 }));
    expect(c.activation.response.statusCode).toBe(0);
    const report = resultOf<{ report: WriteReport[] }>(c).report;
    const runWisp = report.find((r) => r.dir === '/run/wisp')!;
    expect(runWisp).toMatchObject({ bytes: 0, error: 'EROFS' });
    expect(runWisp.mount.options).toContain('ro');
    const landed = report.filter((r) => r.bytes > 0);
    // The one scratch place exists and is capped; anything written landed on it.
    expect(landed.map((r) => r.mount.point)).toContain('/tmp');
    for (const r of landed) {
      expectSafeScratch(r.mount);
      expect(r.bytes).toBeLessThanOrEqual(64 * MB);
      expect(r.error).toBe('ENOSPC');
    }
    expect(h.hostDirBytes() - before).toBe(0);
    await h.expectFreshContainerServes(h.action('function main() { return {}; }'), {});
  });

  it('(b) a script written to any writable place cannot be executed', async () => {
    const c = await h.invoke(h.action(EXEC_EVERYWHERE).message());
    expect(c.activation.response.statusCode).toBe(0);
    const report = resultOf<{ report: ExecReport[] }>(c).report;
    expect(report.map((r) => r.dir)).toContain('/tmp');
    expect(report.filter((r) => r.executed)).toEqual([]);
    for (const r of report) {
      expect(r.error).toBe('EACCES');
      expectSafeScratch(r.mount);
    }
  });

  describe.each(['symlink', 'directory', 'file'])('(c) replacing the invoker socket with a %s, then dropping the connection', (how) => {
    it('never makes the invoker connect elsewhere; the dropped container is removed and the next invoke gets a fresh one', async () => {
      const attack = h.action(REPLACE_SOCKET);
      const first = await h.invoke(attack.message({ how, canary: h.canary.path }));
      expect(first.activation.response.statusCode).toBe(0);
      expect(resultOf<{ steps: Record<string, string> }>(first).steps).toEqual({ rename: 'EROFS', unlink: 'EROFS', replace: 'EROFS' });
      // The action dropped the connection right after answering: the pool learns of it at once and removes the container.
      expect(await h.waitUntilRemoved(attack)).toBe(true);

      const again = await h.expectFreshContainerServes(attack, { how, canary: h.canary.path });
      expect(resultOf<{ steps: Record<string, string> }>(again).steps).toEqual({ rename: 'EROFS', unlink: 'EROFS', replace: 'EROFS' });
      expect(await h.waitUntilRemoved(attack)).toBe(true);
      await h.expectFreshContainerServes(attack, { benign: true });
      expect(h.canary.connections).toBe(0);
    });
  });

  it('(d) killing its own proxy connection mid-run is a developer error; posing as the proxy again gets nowhere', async () => {
    const attack = h.action(KILL_CONNECTION);
    const attacked = await h.invoke(attack.message());
    expect(attacked.activation.response.statusCode).toBe(2);
    expect(attacked.activation.response.result).toEqual({ error: 'The action did not produce a valid response and exited unexpectedly.' });
    expect(attacked.activation.logs.join('\n')).not.toContain('RECONNECTED');
    const after = await h.expectFreshContainerServes(attack, { benign: true });
    expect(after.activation.response.result).toEqual({ benign: true });
  });

  it('(e) a connection cut while the container is idle is noticed at once: the container goes, its memory is freed, the next invoke succeeds fresh', async () => {
    const action = h.action(CUT_WHEN_IDLE);
    const pool = h.invoker.get(ContainerPool);
    // Earlier tests left warm containers of their own actions: this action's container is measured against them.
    const before = pool.stats();
    const first = await h.invoke(action.message({ drop: true }));
    expect(first.activation.response).toMatchObject({ statusCode: 0, result: { runs: 1 } });
    // The proxy exits once its connection is gone; by then the pool has been told, without any invoke asking.
    expect(await h.waitUntilStopped(action)).toBe(true);
    expect(pool.stats()).toEqual(before);
    expect(await h.waitUntilRemoved(action)).toBe(true);

    const next = await h.invoke(action.message());
    expect(next.activation.response).toMatchObject({ statusCode: 0, result: { runs: 1 } });
    expect(annotationsOf(next).initTime).toEqual(expect.any(Number));
    const warm = await h.invoke(action.message());
    expect(warm.activation.response.result).toEqual({ runs: 2 });
    expect(annotationsOf(warm).initTime).toBeUndefined();
  });
});
