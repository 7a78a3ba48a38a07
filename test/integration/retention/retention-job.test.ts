import type { DataSource } from 'typeorm';
import { type ActivationRecord, ActivationWriter, bucketStart, DEFAULT_PARTITION, listActivationPartitions, loadConfig, migrateDatabase, NotFoundError, partitionName, MetricsRegistry } from '@wisp/core';
import { ActivationStore } from '../../../apps/api/src/activations/activation.store';
import { ActivationsService } from '../../../apps/api/src/activations/activations.service';
import { RecentActivationsCache } from '../../../apps/api/src/activations/recent-activations.cache';
import { ActivationPartitionMaintainer } from '../../../apps/api/src/maintenance/activation-partition.maintainer';
import { RetentionJob } from '../../../apps/api/src/maintenance/retention.job';
import { RetentionMetrics } from '../../../apps/api/src/metrics/retention.metrics';
import { NamespaceLimitsService } from '../../../apps/api/src/namespaces/namespace-limits.service';
import { freshDatabase } from './retention-db';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const config = loadConfig({ WISP_ACTIVATION_RETENTION: '3h', WISP_ACTIVATION_PARTITION: 'hour', WISP_MAINTENANCE_INTERVAL: '1s', WISP_AUDIT_RETENTION: '5d' });
/** The moved clock: a day boundary past the migration's day partitions, so every partition here is an hour. */
const BASE = bucketStart(Date.now(), 'day') + 3 * DAY;
let seq = 0;

function record(namespace: string, start: number): ActivationRecord {
  const activationId = (++seq).toString(16).padStart(32, 'a');
  return {
    activationId, namespace, name: 'echo', entityName: 'echo', version: '0.0.1', subject: namespace, start, end: start + 5, duration: 5,
    cause: null, response: { statusCode: 0, result: { seq } }, logs: [`line ${seq}`], annotations: [], publish: false,
  };
}

describe('the retention job on hour partitions with a moved clock (real PostgreSQL)', () => {
  let db: DataSource;
  let writer: ActivationWriter;
  let registry: MetricsRegistry;
  let job: RetentionJob;
  let activations: ActivationsService;

  beforeAll(async () => {
    db = await migrateDatabase(await freshDatabase('job'));
    writer = new ActivationWriter(db);
    registry = new MetricsRegistry();
    job = new RetentionJob(db, config, new ActivationPartitionMaintainer(db), new RetentionMetrics(registry));
    activations = new ActivationsService(new ActivationStore(db, new RecentActivationsCache(), config));
    await db.query(`INSERT INTO namespaces (name, created_at) VALUES ('long', 0), ('short', 0)`);
  });
  afterAll(async () => {
    await writer.close();
    await db.destroy();
  });

  const hourOf = (i: number) => partitionName(BASE + i * HOUR, 'hour');
  const ids = (rows: { activationId: string }[]) => rows.map((r) => r.activationId).sort();

  it('creates hour partitions ahead, drops the expired one, keeps the rest listable, and answers 404 for an expired id', async () => {
    const first = await job.run(BASE);
    expect(first.partitionsCreated).toEqual([hourOf(0), hourOf(1), hourOf(2)]);
    const second = await job.run(BASE + 2 * HOUR);
    expect(second.partitionsCreated).toEqual([hourOf(3), hourOf(4)]);

    const long = [0, 1, 2, 3, 4].map((h) => record('long', BASE + h * HOUR + 10 * 60_000));
    await Promise.all(long.map((r) => writer.write(r)));
    const partitionsOf = await db.query(`SELECT tableoid::regclass::text AS p FROM activations WHERE namespace = 'long' ORDER BY start`);
    expect(partitionsOf.map((r: { p: string }) => r.p)).toEqual([0, 1, 2, 3, 4].map(hourOf));

    // 4h30 in, with 3h retention: only hour 0 (ending at 1h, before the 1h30 cutoff) lies wholly before the cutoff.
    const now = BASE + 4 * HOUR + 30 * 60_000;
    const run = await job.run(now);
    expect(run.partitionsDropped).toContain(hourOf(0));
    expect(run.partitionsDropped).not.toContain(hourOf(1));
    expect(run.partitionsCreated).toEqual([hourOf(5), hourOf(6)]);
    const left = await listActivationPartitions(db);
    for (const p of left) expect(p.to).toBeGreaterThan(now - 3 * HOUR);
    expect(left.map((p) => p.name)).toEqual([1, 2, 3, 4, 5, 6].map(hourOf));

    await expect(activations.get('long', long[0].activationId)).rejects.toBeInstanceOf(NotFoundError);
    await expect(activations.logs('long', long[0].activationId)).rejects.toMatchObject({ httpStatus: 404 });
    const listed = (await activations.list('long', { limit: 50 })) as { activationId: string }[];
    expect(ids(listed)).toEqual(ids(long.slice(1)));
    expect(await activations.get('long', long[4].activationId)).toMatchObject({ activationId: long[4].activationId, logs: [long[4].logs[0]] });
    expect(await activations.list('long', { count: 'true' })).toEqual({ activations: 4 });

    const scraped = await registry.render();
    // The migration's day partitions (today to the day after tomorrow) lie before the moved clock's cutoff too.
    const dropped = [...first.partitionsDropped, ...second.partitionsDropped, ...run.partitionsDropped];
    expect(dropped).toHaveLength(4);
    expect(scraped).toContain(`wisp_retention_partitions_removed_total{table="activations"} 4`);
  });

  it('deletes the expired rows of the default partition and keeps the others', async () => {
    const now = BASE + 4 * HOUR + 30 * 60_000;
    const old = record('long', now - 10 * DAY);
    const ahead = record('long', now + 30 * DAY);
    await Promise.all([writer.write(old), writer.write(ahead)]);
    const before = await db.query(`SELECT activation_id FROM ${DEFAULT_PARTITION} ORDER BY activation_id`);
    expect(before.map((r: { activation_id: string }) => r.activation_id)).toEqual([old.activationId, ahead.activationId].sort());
    const run = await job.run(now);
    expect(run.rowsRemoved.activations).toBe(1);
    await expect(activations.get('long', old.activationId)).rejects.toBeInstanceOf(NotFoundError);
    expect(await activations.get('long', ahead.activationId)).toMatchObject({ activationId: ahead.activationId });
  });

  it('deletes the rows of a namespace with a shorter retention from the surviving partitions, and refuses a longer one', async () => {
    const limits = new NamespaceLimitsService(db, config);
    await limits.setActivationRetention('short', HOUR);
    await expect(limits.setActivationRetention('short', 4 * HOUR)).rejects.toMatchObject({ httpStatus: 400 });
    expect(await limits.activationRetentionOf('short')).toBe(HOUR);
    expect(await limits.activationRetentionOf('long')).toBe(3 * HOUR);
    const now = BASE + 4 * HOUR + 30 * 60_000;
    const short = [2, 3, 4].map((h) => record('short', BASE + h * HOUR + 10 * 60_000));
    await Promise.all(short.map((r) => writer.write(r)));
    const longBefore = (await activations.list('long', { limit: 50 })) as { activationId: string }[];
    const run = await job.run(now);
    // Cutoff for 'short' is 3h30: its rows at 2h10 and 3h10 go, the one at 4h10 stays; 'long' loses nothing.
    expect(run.rowsRemoved.activations).toBe(2);
    expect(ids((await activations.list('short', { limit: 50 })) as { activationId: string }[])).toEqual([short[2].activationId]);
    expect(ids((await activations.list('long', { limit: 50 })) as { activationId: string }[])).toEqual(ids(longBefore));
  });

  it('deletes dead letters, GitHub delivery ids, feed event identities, activation claims and audit events past their retention, keeping the younger ones', async () => {
    const now = BASE + 4 * HOUR + 30 * 60_000;
    const letter = `INSERT INTO dead_letters (namespace, rule, trigger, action, trigger_activation_id, attempts, event, created) VALUES ('long', 'r', 't', 'a', $1, '[]', '{}', $2)`;
    await db.query(letter, ['1'.repeat(32), now - 31 * DAY]);
    await db.query(letter, ['2'.repeat(32), now - 29 * DAY]);
    const [sub] = await db.query(`INSERT INTO feed_subscriptions (trigger_namespace, trigger_name, kind, config, status, owner_uuid, updated)
      VALUES ('long', 'gh', 'github', '{}', '{"active":true}', gen_random_uuid(), 0) RETURNING id`);
    const delivery = `INSERT INTO feed_github_deliveries (subscription_id, delivery_id, claimed_at, fired) VALUES ($1, $2, $3, true)`;
    await db.query(delivery, [sub.id, 'old', now - 8 * DAY]);
    await db.query(delivery, [sub.id, 'young', now - 3 * DAY]);
    const fire = `INSERT INTO feed_event_fires (subscription_id, event_key, activation_id, start, fired) VALUES ($1, $2, $3, $4, true)`;
    await db.query(fire, [sub.id, 'pg:0/OLD:0', 'e'.repeat(32), now - 8 * DAY]);
    await db.query(fire, [sub.id, 'pg:0/YOUNG:0', 'f'.repeat(32), now - 3 * DAY]);
    const claim = `INSERT INTO activation_claims (activation_id, outcome, claimed_at) VALUES ($1, 'run', to_timestamp($2 / 1000.0))`;
    await db.query(claim, ['c'.repeat(32), now - 25 * HOUR]);
    await db.query(claim, ['d'.repeat(32), now - 23 * HOUR]);
    const audit = `INSERT INTO audit_events (at, actor, action, target) VALUES ($1, 'admin:it', 'key.create', $2)`;
    await db.query(audit, [now - 6 * DAY, 'old-audit']);
    await db.query(audit, [now - 4 * DAY, 'young-audit']);

    const run = await job.run(now);
    expect(run.rowsRemoved).toMatchObject({ dead_letters: 1, feed_github_deliveries: 1, feed_event_fires: 1, activation_claims: 1, audit_events: 1 });
    const targets = (await db.query('SELECT target FROM audit_events')).map((r: { target: string }) => r.target);
    expect(targets).toContain('young-audit');
    expect(targets).not.toContain('old-audit');
    expect(await db.query('SELECT trigger_activation_id AS id FROM dead_letters')).toEqual([{ id: '2'.repeat(32) }]);
    expect(await db.query('SELECT delivery_id AS id FROM feed_github_deliveries')).toEqual([{ id: 'young' }]);
    expect(await db.query('SELECT event_key AS id FROM feed_event_fires')).toEqual([{ id: 'pg:0/YOUNG:0' }]);
    expect(await db.query('SELECT activation_id AS id FROM activation_claims')).toEqual([{ id: 'd'.repeat(32) }]);
    const scraped = await registry.render();
    for (const table of ['dead_letters', 'feed_github_deliveries', 'feed_event_fires', 'activation_claims', 'audit_events']) expect(scraped).toContain(`wisp_retention_rows_removed_total{table="${table}"} 1`);
  });
});
