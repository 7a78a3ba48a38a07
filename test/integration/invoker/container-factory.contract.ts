import type { ActionContainer, ContainerFactory, ProxyOutcome } from '../../../apps/invoker/src/containers/container-factory';
import { ImageMissingError } from '../../../apps/invoker/src/containers/container-factory';

/** What the contract needs from one backend. */
export interface ContractSubject {
  factory: ContainerFactory;
  /** A second factory of the same invoker (a restarted process): its `cleanup` must remove the first one's leftovers. */
  restarted: () => ContainerFactory;
  /** An image with the Wisp action proxy. */
  image: string;
  /** Number of containers the backend still holds for this invoker (for cleanup checks). */
  countLabelled: () => Promise<number>;
  teardown?: () => Promise<void>;
}

const MB = 1024 * 1024;
const SENTINEL_WAIT = { limitBytes: MB, waitForSentinels: true };

const initBody = (code: string) => ({ value: { name: 'contract', main: 'main', code, binary: false, env: {} } });
const runBody = (value: Record<string, unknown> = {}) => ({
  value,
  namespace: 'guest',
  action_name: '/guest/contract',
  action_version: '0.0.1',
  activation_id: '0'.repeat(32),
  transaction_id: 'tx',
  deadline: String(Date.now() + 60_000),
});

function json(outcome: ProxyOutcome): unknown {
  if (outcome.kind !== 'response') throw new Error(`expected a response, got ${JSON.stringify(outcome)}`);
  return JSON.parse(outcome.body);
}

/**
 * Behaviour every {@link ContainerFactory} implementation must show (see the SPI's TSDoc), written once and run
 * against each backend.
 */
export function describeContainerFactoryContract(name: string, make: () => Promise<ContractSubject>): void {
  describe(`ContainerFactory contract: ${name}`, () => {
    let s: ContractSubject;
    const created: ActionContainer[] = [];
    const create = async (memoryMb = 256) => {
      const c = await s.factory.create({ image: s.image, memoryMb, labels: { 'wisp.test': 'contract' } });
      created.push(c);
      return c;
    };
    const ready = async (code: string, memoryMb = 256) => {
      const c = await create(memoryMb);
      expect(await s.factory.init(c, initBody(code), 10_000, MB)).toMatchObject({ kind: 'response', status: 200 });
      return c;
    };

    beforeAll(async () => {
      s = await make();
      await s.factory.cleanup();
    });

    afterAll(async () => {
      await Promise.all(created.map((c) => s.factory.destroy(c)));
      await s.factory.cleanup();
      await s.teardown?.();
    });

    it('create returns a container whose proxy answers /init and /run at once', async () => {
      const c = await create();
      expect(c.memoryMb).toBe(256);
      expect(await s.factory.init(c, initBody('function main(p) { return { hello: p.name }; }'), 10_000, MB)).toMatchObject({ kind: 'response', status: 200 });
      expect(json(await s.factory.run(c, runBody({ name: 'contract' }), 10_000, MB))).toEqual({ hello: 'contract' });
    });

    it('answers a second /init with a refusal (init happens once)', async () => {
      const c = await ready('function main() { return {}; }');
      const again = await s.factory.init(c, initBody('function main() { return {}; }'), 10_000, MB);
      expect(again).toMatchObject({ kind: 'response', status: 403 });
    });

    it('logs returns the lines of each run separately, formatted', async () => {
      const c = await ready('let n = 0; function main() { n++; console.log("out " + n); console.error("err " + n); return { n }; }');
      await s.factory.run(c, runBody(), 10_000, MB);
      const first = await s.factory.logs(c, SENTINEL_WAIT);
      await s.factory.run(c, runBody(), 10_000, MB);
      const second = await s.factory.logs(c, SENTINEL_WAIT);
      // stdout and stderr are separate pipes: their relative order is the engine's read order, not asserted here
      const body = (lines: string[]) => lines.map((l) => l.replace(/^\S+\s+/, '')).sort();
      expect(first.lines).toHaveLength(2);
      for (const line of first.lines) expect(line).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z\s+(stdout|stderr): /);
      expect(body(first.lines)).toEqual(['stderr: err 1', 'stdout: out 1']);
      expect(body(second.lines)).toEqual(['stderr: err 2', 'stdout: out 2']);
    });

    it('pause and resume keep the container usable', async () => {
      const c = await ready('let n = 0; function main() { return { n: ++n }; }');
      expect(json(await s.factory.run(c, runBody(), 10_000, MB))).toEqual({ n: 1 });
      await s.factory.logs(c, SENTINEL_WAIT);
      await s.factory.pause(c);
      await s.factory.resume(c);
      expect(json(await s.factory.run(c, runBody(), 10_000, MB))).toEqual({ n: 2 });
    });

    it('destroy removes a paused container', async () => {
      const c = await ready('function main() { return {}; }');
      await s.factory.pause(c);
      const before = await s.countLabelled();
      await s.factory.destroy(c);
      expect(await s.countLabelled()).toBe(before - 1);
    });

    it('run resolves a timeout without hanging when the action never answers', async () => {
      const c = await ready('function main() { for (;;) {} }');
      const t0 = Date.now();
      expect(await s.factory.run(c, runBody(), 300, MB)).toEqual({ kind: 'timeout' });
      expect(Date.now() - t0).toBeLessThan(2000);
    });

    it('run reports a crash when the process exits', async () => {
      const c = await ready('function main() { process.exit(1); }');
      expect(await s.factory.run(c, runBody(), 10_000, MB)).toMatchObject({ kind: 'crashed', oomKilled: false });
    });

    it('run reports an OOM kill', async () => {
      const c = await ready('function main() { const keep = []; for (;;) keep.push(Buffer.alloc(8 * 1024 * 1024, 1)); }', 128);
      expect(await s.factory.run(c, runBody(), 20_000, MB)).toMatchObject({ kind: 'crashed', oomKilled: true });
    });

    it('run caps the body at maxResponseBytes and reports the full size', async () => {
      const c = await ready('function main() { return { big: "x".repeat(5000) }; }');
      const out = await s.factory.run(c, runBody(), 10_000, 100);
      expect(out).toMatchObject({ kind: 'response', status: 200, truncated: true, size: 5010 });
      expect(out.kind === 'response' && out.body.length).toBe(100);
    });

    it('destroy is idempotent and a run on a destroyed container resolves as a crash', async () => {
      const c = await ready('function main() { return {}; }');
      await Promise.all([s.factory.destroy(c), s.factory.destroy(c)]);
      await s.factory.destroy(c);
      const out = await s.factory.run(c, runBody(), 2000, MB);
      expect(out.kind).toBe('crashed');
    });

    it('destroy during a run ends that run promptly', async () => {
      const c = await ready('function main() { return new Promise(() => {}); }');
      const running = s.factory.run(c, runBody(), 30_000, MB);
      await new Promise((r) => setTimeout(r, 100));
      const t0 = Date.now();
      await s.factory.destroy(c);
      const out = await running;
      expect(out.kind).toBe('crashed');
      expect(Date.now() - t0).toBeLessThan(5000);
    });

    it('a container whose proxy connection was dropped stays broken: runs resolve as crashed, never reconnect', async () => {
      const c = await ready(`let n = 0; function main(p) {
        if (p.drop) for (const h of process._getActiveHandles()) if (h instanceof require('net').Socket && h !== process.stdout && h !== process.stderr) h.destroy();
        return { n: ++n };
      }`);
      expect(json(await s.factory.run(c, runBody(), 10_000, MB))).toEqual({ n: 1 });
      expect((await s.factory.run(c, runBody({ drop: true }), 10_000, MB)).kind).toBe('crashed');
      expect((await s.factory.run(c, runBody(), 10_000, MB)).kind).toBe('crashed');
    });

    it('reports a connection that breaks while no call is in flight, once, and never one that destroy ends', async () => {
      const lost: string[] = [];
      const stopListening = s.factory.onConnectionLost((c) => lost.push(c.id));
      try {
        const c = await ready(`function main() {
          setTimeout(() => { for (const h of process._getActiveHandles()) if (h instanceof require('net').Socket && h !== process.stdout && h !== process.stderr) h.destroy(); }, 50);
          return { answered: true };
        }`);
        expect(json(await s.factory.run(c, runBody(), 10_000, MB))).toEqual({ answered: true });
        const until = Date.now() + 10_000;
        while (lost.length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
        expect(lost).toEqual([c.id]);
        const other = await ready('function main() { return {}; }');
        await s.factory.destroy(other);
        await s.factory.destroy(c);
        expect((await s.factory.run(c, runBody(), 2000, MB)).kind).toBe('crashed');
        expect(lost).toEqual([c.id]);
      } finally {
        stopListening();
      }
    });

    it('creates containers concurrently', async () => {
      const t0 = Date.now();
      const one = await create();
      const single = Date.now() - t0;
      const t1 = Date.now();
      const many = await Promise.all([create(), create(), create()]);
      const parallel = Date.now() - t1;
      expect(new Set([one, ...many].map((c) => c.id)).size).toBe(4);
      // three at once must not cost three times one (no global lock); generous margin for a busy host
      expect(parallel).toBeLessThan(single * 3 + 1500);
    });

    it('create refuses a missing image with ImageMissingError', async () => {
      await expect(s.factory.create({ image: 'wisp/does-not-exist:never', memoryMb: 128 })).rejects.toBeInstanceOf(ImageMissingError);
    });

    it('cleanup of a restarted factory removes every leftover of this invoker', async () => {
      const c = await ready('function main() { return {}; }');
      expect(await s.countLabelled()).toBeGreaterThan(0);
      await s.restarted().cleanup();
      expect(await s.countLabelled()).toBe(0);
      expect((await s.factory.run(c, runBody(), 2000, MB)).kind).toBe('crashed');
      await s.restarted().cleanup(); // idempotent
    });
  });
}
