import { activationMessage, EntityChangeMessage, Topology } from '@wisp/core';
import Docker from 'dockerode';
import { randomUUID } from 'node:crypto';
import { ContainerPool } from '../../../apps/invoker/src/pool/container-pool';
import { InvokerHarness, prepareServices, sql } from './invoker-harness';

jest.setTimeout(180_000);

const docker = new Docker({ socketPath: '/var/run/docker.sock' });
const SLEEPY = 'async function main() { await new Promise((r) => setTimeout(r, 400)); return { ok: true }; }';

/** An action stored in the integration database (the invoker checks revisions there) and a message that runs it. */
async function storedAction(memory: number): Promise<{ id: string; name: string; run: () => ReturnType<typeof activationMessage> }> {
  const name = `pool-${randomUUID().slice(0, 8)}`;
  const [row] = await sql<{ id: string }>(
    `INSERT INTO actions (namespace, name, exec, limits, updated, revision) VALUES ('guest', $1, $2, $3, 0, 1) RETURNING id`,
    [name, JSON.stringify({ kind: 'nodejs:20', code: SLEEPY }), JSON.stringify({ timeout: 60000, memory, logs: 10, concurrency: 1 })],
  );
  const run = () => activationMessage({ action: { id: row.id, name, revision: 1, exec: { kind: 'nodejs:20', code: SLEEPY }, limits: { memory } } });
  return { id: row.id, name, run };
}

/** Containers of this invoker created for one action (cold starts are labelled with the action's path). */
async function containersOf(h: InvokerHarness, name: string): Promise<Docker.ContainerInfo[]> {
  return docker.listContainers({ all: true, filters: { label: [`wisp.invoker=${h.invokerId}`, `wisp.action=/guest/${name}`] } });
}

/** Polls `check` until it holds or `ms` pass; returns whether it held (a behaviour bound, not a timing measurement). */
async function within(ms: number, check: () => Promise<boolean> | boolean): Promise<boolean> {
  const until = Date.now() + ms;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > until) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
}

const actionsChanged = (): Buffer => {
  const m: EntityChangeMessage = { v: 1, type: 'entity-change', entity: 'actions', controllerId: 'it-controller', at: Date.now() };
  return Buffer.from(JSON.stringify(m));
};

beforeAll(() => prepareServices());

describe('the pool after bursts and churn', () => {
  let h: InvokerHarness;
  let pool: ContainerPool;

  beforeAll(async () => {
    h = await InvokerHarness.create();
    await h.boot({ WISP_PREWARM_COUNT: '1', WISP_INVOKER_MEMORY_MB: '1024', WISP_PAUSE_GRACE_MS: '60000' });
    pool = h.get(ContainerPool);
  });

  afterAll(() => h?.stop());

  /** Invokes a new 256 MB action and tells whether it started in a stem cell (no container was created for it). */
  async function startsFromStemCell(): Promise<boolean> {
    const fresh = await storedAction(256);
    const c = await h.invoke(fresh.run());
    expect(c.activation.response.statusCode).toBe(0);
    return (await containersOf(h, fresh.name)).length === 0;
  }

  it('is back to its stem cell within 5 s after a burst that queued work, and a new action starts from it', async () => {
    const busy = await storedAction(256);
    const burst = Array.from({ length: 10 }, () => busy.run());
    const done = await Promise.all(burst.map((m) => h.invoke(m)));
    expect(done.every((c) => c.activation.response.statusCode === 0)).toBe(true);
    expect(await within(5_000, () => pool.stats().prewarm === 1)).toBe(true);
    expect(await startsFromStemCell()).toBe(true);
  });

  it('after churn (create, invoke, delete many actions) the deleted actions leave no container and a stem cell is back within 5 s', async () => {
    const churned: { id: string; name: string }[] = [];
    for (let round = 0; round < 3; round++) {
      const batch = await Promise.all(Array.from({ length: 4 }, () => storedAction(128)));
      const done = await Promise.all(batch.map((a) => h.invoke(a.run())));
      expect(done.every((c) => c.activation.response.statusCode === 0)).toBe(true);
      for (const a of batch) expect(await containersOf(h, a.name)).toHaveLength(1);
      await sql(`DELETE FROM actions WHERE id = ANY($1)`, [batch.map((a) => a.id)]);
      await h.broadcast(Topology.entityExchange, actionsChanged());
      churned.push(...batch);
    }
    const gone = await within(5_000, async () => (await Promise.all(churned.map((a) => containersOf(h, a.name)))).every((list) => list.length === 0));
    expect(gone).toBe(true);
    expect(await within(5_000, () => pool.stats().prewarm === 1)).toBe(true);
    expect(await startsFromStemCell()).toBe(true);
  });

  it('an updated action loses its idle containers of the old revision within 5 s; a current one keeps its own', async () => {
    const updated = await storedAction(128);
    const kept = await storedAction(128);
    await Promise.all([h.invoke(updated.run()), h.invoke(kept.run())]);
    expect(await containersOf(h, updated.name)).toHaveLength(1);
    await sql(`UPDATE actions SET revision = revision + 1 WHERE id = $1`, [updated.id]);
    await h.broadcast(Topology.entityExchange, actionsChanged());
    expect(await within(5_000, async () => (await containersOf(h, updated.name)).length === 0)).toBe(true);
    expect(await containersOf(h, kept.name)).toHaveLength(1);
  });

  it('drops an unreadable broadcast and keeps listening', async () => {
    const doomed = await storedAction(128);
    await h.invoke(doomed.run());
    expect(await containersOf(h, doomed.name)).toHaveLength(1);
    await h.broadcast(Topology.entityExchange, Buffer.from('{"v":2,"type":"entity-change"}'));
    await sql(`DELETE FROM actions WHERE id = $1`, [doomed.id]);
    await h.broadcast(Topology.entityExchange, actionsChanged());
    expect(await within(5_000, async () => (await containersOf(h, doomed.name)).length === 0)).toBe(true);
  });
});
