import { loadConfig } from '@wisp/core';
import { FakeContainerFactory } from '../testing/fake.container-factory';
import { ContainerRequest, SourceRevision } from './container-lease';
import { ContainerPool } from './container-pool';

const config = (env: Record<string, string> = {}) =>
  loadConfig({ WISP_INVOKER_MEMORY_MB: '512', WISP_PREWARM_COUNT: '0', WISP_PAUSE_GRACE_MS: '20', WISP_IDLE_TTL_MS: '60000', ...env });
const req = (key: string, memoryMb = 256): ContainerRequest => ({ key, kind: 'nodejs:20', image: 'wisp/action-nodejs:20', memoryMb, labels: {} });
const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));
/** Waits until `check` holds (background work such as a backfill may take several turns on a loaded machine). */
async function eventually(check: () => boolean, ms = 2000): Promise<void> {
  for (const end = Date.now() + ms; !check() && Date.now() < end; ) await tick(1);
}

describe('ContainerPool', () => {
  let factory: FakeContainerFactory;
  let pool: ContainerPool;

  afterEach(() => pool.stop());

  it('creates cold, then reuses the warm container for the same key', async () => {
    factory = new FakeContainerFactory();
    pool = new ContainerPool(factory, config());
    const first = await pool.acquire(req('A'));
    expect(first.origin).toBe('cold');
    pool.release(first, { destroy: false });
    const second = await pool.acquire(req('A'));
    expect(second.origin).toBe('warm');
    expect(second.container).toBe(first.container);
    pool.release(second, { destroy: true });
    await tick();
    expect(factory.live.size).toBe(0);
  });

  it('starts at most WISP_CONTAINER_START_CONCURRENCY containers at once and queues the rest', async () => {
    factory = new FakeContainerFactory();
    let open!: () => void;
    factory.createGate = new Promise<void>((r) => (open = r));
    pool = new ContainerPool(factory, config({ WISP_INVOKER_MEMORY_MB: '4096', WISP_CONTAINER_START_CONCURRENCY: '2' }));
    const leases = Array.from({ length: 5 }, () => pool.acquire(req('A')));
    await tick(5);
    expect(pool.stats().starting).toBe(2);
    expect(factory.calls.filter((c) => c.startsWith('create'))).toHaveLength(0);
    open();
    const all = await Promise.all(leases);
    expect(all.map((l) => l.origin)).toEqual(['cold', 'cold', 'cold', 'cold', 'cold']);
    expect(new Set(all.map((l) => l.container)).size).toBe(5);
    for (const l of all) pool.release(l, { destroy: true });
  });

  it('pauses an idle container after the grace and resumes it for the next run', async () => {
    factory = new FakeContainerFactory();
    pool = new ContainerPool(factory, config());
    const lease = await pool.acquire(req('A'));
    pool.release(lease, { destroy: false });
    await tick(40);
    expect(pool.stats().paused).toBe(1);
    const again = await pool.acquire(req('A'));
    expect(again.origin).toBe('resumed');
    expect(factory.calls).toEqual(['create c1 wisp/action-nodejs:20 256', 'pause c1', 'resume c1']);
    pool.release(again, { destroy: false });
  });

  it('runs one activation per container: a second concurrent request gets its own', async () => {
    factory = new FakeContainerFactory();
    pool = new ContainerPool(factory, config());
    const [a, b] = await Promise.all([pool.acquire(req('A')), pool.acquire(req('A'))]);
    expect(a.container.id).not.toBe(b.container.id);
    pool.release(a, { destroy: false });
    pool.release(b, { destroy: false });
  });

  it('waits when memory is held by busy containers and proceeds on release', async () => {
    factory = new FakeContainerFactory();
    pool = new ContainerPool(factory, config());
    const a = await pool.acquire(req('A'));
    const b = await pool.acquire(req('B'));
    let third: string | undefined;
    const pending = pool.acquire(req('C')).then((l) => (third = l.container.id));
    await tick(5);
    expect(third).toBeUndefined();
    pool.release(a, { destroy: false });
    await pending;
    expect(factory.calls).toContain('destroy c1'); // idle A evicted for C
    pool.release(b, { destroy: false });
  });

  it('evicts the least recently used idle container of another action', async () => {
    factory = new FakeContainerFactory();
    pool = new ContainerPool(factory, config());
    const a = await pool.acquire(req('A'));
    const b = await pool.acquire(req('B'));
    pool.release(a, { destroy: false });
    await tick(2);
    pool.release(b, { destroy: false });
    const c = await pool.acquire(req('C'));
    expect(factory.calls.filter((x) => x.startsWith('destroy'))).toEqual(['destroy c1']);
    pool.release(c, { destroy: false });
  });

  it('specialises a stem cell and backfills it', async () => {
    factory = new FakeContainerFactory();
    pool = new ContainerPool(factory, config({ WISP_PREWARM_COUNT: '1', WISP_INVOKER_MEMORY_MB: '1024' }));
    await pool.start();
    expect(pool.stats().prewarm).toBe(1);
    const lease = await pool.acquire(req('A'));
    expect(lease.origin).toBe('prewarm');
    await eventually(() => pool.stats().prewarm === 1);
    expect(pool.stats().prewarm).toBe(1);
    expect(factory.calls.filter((x) => x.startsWith('create'))).toHaveLength(2);
    // a different memory size never takes the stem cell
    const big = await pool.acquire(req('B', 512));
    expect(big.origin).toBe('cold');
    pool.release(lease, { destroy: false });
    pool.release(big, { destroy: false });
  });

  it('a failed create frees its memory and rethrows', async () => {
    factory = new FakeContainerFactory();
    pool = new ContainerPool(factory, config());
    factory.createGate = Promise.reject(new Error('engine down'));
    factory.createGate.catch(() => undefined);
    await expect(pool.acquire(req('A'))).rejects.toThrow('engine down');
    expect(pool.stats().memoryMb).toBe(0);
  });

  it('stop destroys idle containers and refuses new work', async () => {
    factory = new FakeContainerFactory();
    pool = new ContainerPool(factory, config());
    const a = await pool.acquire(req('A'));
    pool.release(a, { destroy: false });
    await pool.stop();
    expect(factory.live.size).toBe(0);
    await expect(pool.acquire(req('A'))).rejects.toThrow('shutting down');
  });

  it('refills the stem cells after a burst that queued work, evicting the least recently used idle container', async () => {
    factory = new FakeContainerFactory();
    pool = new ContainerPool(factory, config({ WISP_PREWARM_COUNT: '1', WISP_INVOKER_MEMORY_MB: '768', WISP_PAUSE_GRACE_MS: '60000' }));
    await pool.start();
    const first = await pool.acquire(req('A'));
    await tick();
    const burst = [pool.acquire(req('B')), pool.acquire(req('C')), pool.acquire(req('D'))];
    await tick(5);
    expect(pool.stats()).toMatchObject({ busy: 3, prewarm: 0 }); // D waits: memory is full
    pool.release(first, { destroy: false });
    const leases = await Promise.all(burst);
    await tick(5);
    expect(pool.stats().prewarm).toBe(0); // work took every slot while it waited
    for (const l of leases) {
      pool.release(l, { destroy: false });
      await tick(2);
    }
    await tick(5);
    expect(pool.stats()).toMatchObject({ prewarm: 1, idle: 2 });
    // the oldest idle container (B's) made room
    expect(factory.live.has(leases[0].container.id)).toBe(false);
    expect(pool.heldSources()).toEqual([]);
  });

  it('after churn of many actions the next new action still starts from a stem cell', async () => {
    factory = new FakeContainerFactory();
    pool = new ContainerPool(factory, config({ WISP_PREWARM_COUNT: '1', WISP_INVOKER_MEMORY_MB: '1024' }));
    await pool.start();
    for (let round = 0; round < 5; round++) {
      const leases = await Promise.all(Array.from({ length: 4 }, (_, i) => pool.acquire(req(`churn-${round}-${i}`))));
      for (const l of leases) pool.release(l, { destroy: false });
    }
    await tick(5);
    expect(pool.stats().prewarm).toBe(1);
    const fresh = await pool.acquire(req('new-action'));
    expect(fresh.origin).toBe('prewarm');
    pool.release(fresh, { destroy: false });
  });

  it('removes an idle container whose connection broke at once: its memory is free and the next run starts cold', async () => {
    factory = new FakeContainerFactory();
    pool = new ContainerPool(factory, config({ WISP_PAUSE_GRACE_MS: '60000' }));
    const first = await pool.acquire(req('A'));
    pool.release(first, { destroy: false });
    factory.dropConnection(first.container);
    expect(pool.stats()).toMatchObject({ idle: 0, memoryMb: 0 });
    await tick();
    expect(factory.live.has(first.container.id)).toBe(false);
    const next = await pool.acquire(req('A'));
    expect(next.origin).toBe('cold');
    expect(next.container).not.toBe(first.container);
    pool.release(next, { destroy: false });
  });

  it('removes a paused container and a stem cell whose connection broke, and refills the stem cell', async () => {
    factory = new FakeContainerFactory();
    pool = new ContainerPool(factory, config({ WISP_PREWARM_COUNT: '1', WISP_INVOKER_MEMORY_MB: '1024' }));
    await pool.start();
    const stem = [...factory.live][0];
    const lease = await pool.acquire(req('B', 512));
    pool.release(lease, { destroy: false });
    await tick(40);
    expect(pool.stats()).toMatchObject({ paused: 1, prewarm: 1 });
    factory.dropConnection(lease.container);
    factory.dropConnection({ id: stem, name: 'stem', memoryMb: 256 });
    expect(pool.stats()).toMatchObject({ paused: 0, prewarm: 0, memoryMb: 0 });
    await tick(5);
    expect(pool.stats().prewarm).toBe(1);
    expect(factory.live.has(stem)).toBe(false);
    expect((await pool.acquire(req('B', 512))).origin).toBe('cold');
  });

  it('keeps a busy container whose connection broke until its run ends, then destroys it even after a success', async () => {
    factory = new FakeContainerFactory();
    pool = new ContainerPool(factory, config());
    const busy = await pool.acquire(req('A'));
    factory.dropConnection(busy.container);
    expect(pool.stats().busy).toBe(1);
    expect(factory.live.has(busy.container.id)).toBe(true);
    pool.release(busy, { destroy: false });
    await tick();
    expect(factory.live.size).toBe(0);
    expect((await pool.acquire(req('A'))).origin).toBe('cold');
  });

  it('a container that broke while it was being resumed is not handed out: the run gets a fresh one', async () => {
    factory = new FakeContainerFactory();
    pool = new ContainerPool(factory, config());
    const first = await pool.acquire(req('A'));
    pool.release(first, { destroy: false });
    await tick(40);
    factory.resume = async (c) => {
      factory.calls.push(`resume ${c.id}`);
      factory.dropConnection(c);
    };
    const next = await pool.acquire(req('A'));
    expect(next.origin).toBe('cold');
    expect(factory.calls).toEqual(['create c1 wisp/action-nodejs:20 256', 'pause c1', 'resume c1', 'destroy c1', 'create c2 wisp/action-nodejs:20 256']);
    pool.release(next, { destroy: false });
  });

  it('drops idle containers of stale action revisions at once and busy ones on release', async () => {
    factory = new FakeContainerFactory();
    pool = new ContainerPool(factory, config({ WISP_INVOKER_MEMORY_MB: '2048' }));
    const at = (key: string, id: string, revision: number): ContainerRequest => ({ ...req(key), sources: [{ table: 'actions', id, revision }] });
    const old = await pool.acquire(at('X1', 'x', 1));
    const busyOld = await pool.acquire(at('X1', 'x', 1));
    const current = await pool.acquire(at('X2', 'x', 2));
    const gone = await pool.acquire(at('Y1', 'y', 1));
    for (const l of [old, current, gone]) pool.release(l, { destroy: false });
    expect(pool.heldSources()).toEqual(expect.arrayContaining([at('', 'x', 1).sources![0], at('', 'x', 2).sources![0], at('', 'y', 1).sources![0]]));
    const removed = pool.dropStale((s) => s.id === 'x' && s.revision === 2);
    expect(removed).toBe(2);
    await tick();
    expect([...factory.live].sort()).toEqual([busyOld.container.id, current.container.id].sort());
    pool.release(busyOld, { destroy: false });
    await tick();
    expect([...factory.live]).toEqual([current.container.id]);
  });

  it('drops a container when any row it was initialised from changed: its package as well as its action', async () => {
    factory = new FakeContainerFactory();
    pool = new ContainerPool(factory, config({ WISP_INVOKER_MEMORY_MB: '2048' }));
    const action: SourceRevision = { table: 'actions', id: 'a', revision: 1 };
    const pkg: SourceRevision = { table: 'packages', id: 'p', revision: 3 };
    const viaPackage = await pool.acquire({ ...req('A|init'), sources: [action, pkg] });
    const plain = await pool.acquire({ ...req('A'), sources: [action] });
    for (const l of [viaPackage, plain]) pool.release(l, { destroy: false });
    expect(pool.heldSources()).toHaveLength(2);
    expect(pool.dropStale((s) => s.table === 'actions' || s.revision === 4)).toBe(1);
    await tick();
    expect([...factory.live]).toEqual([plain.container.id]);
  });
});
