import type { MigrationInterface, QueryRunner } from 'typeorm';
import { addActivationPartition, bucketStart, DEFAULT_PARTITION, GRAIN_MS, partitionName } from '../activation-partitions';

const COLUMNS = `activation_id, namespace, name, entity_name, version, subject, start, "end", duration, cause, status_code, response, logs, annotations, publish`;
const DAY = GRAIN_MS.day;
/** Days of history that get a partition of their own; older rows wait in the default partition for retention. */
const HISTORY_DAYS = 400;
/** Days ahead of today created at once, so writes never wait for the first maintenance run. */
const AHEAD_DAYS = 2;

/**
 * `activations` becomes a table partitioned by `start` (range, epoch ms), one partition per UTC day, plus a default
 * partition for rows outside every range. Every existing row moves over in the migration's transaction. The primary
 * key becomes (activation_id, start) — a partitioned table's unique keys must hold its partition key — and, with
 * activation_id leading, it still serves GET by id in each partition. The maintenance job creates later partitions
 * (daily or hourly) and drops expired ones.
 */
export class ActivationPartitions1766000000001 implements MigrationInterface {
  name = 'ActivationPartitions1766000000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE activations RENAME TO activations_unpartitioned');
    await q.query('ALTER TABLE activations_unpartitioned RENAME CONSTRAINT activations_pkey TO activations_unpartitioned_pkey');
    for (const index of ['activations_ns_start', 'activations_ns_name_start', 'activations_cause']) await q.query(`DROP INDEX IF EXISTS ${index}`);
    await q.query(`CREATE TABLE activations (
      activation_id char(32) NOT NULL,
      namespace text NOT NULL,
      name text NOT NULL,
      entity_name text NOT NULL,
      version text NOT NULL,
      subject text NOT NULL,
      start bigint NOT NULL,
      "end" bigint NOT NULL,
      duration integer,
      cause char(32),
      status_code smallint NOT NULL,
      response jsonb NOT NULL,
      logs jsonb NOT NULL DEFAULT '[]',
      annotations jsonb NOT NULL DEFAULT '[]',
      publish boolean NOT NULL DEFAULT false,
      PRIMARY KEY (activation_id, start)) PARTITION BY RANGE (start)`);
    await q.query('CREATE INDEX activations_ns_start ON activations (namespace, start DESC)');
    await q.query('CREATE INDEX activations_ns_name_start ON activations (namespace, entity_name, start DESC)');
    await q.query('CREATE INDEX activations_cause ON activations (cause) WHERE cause IS NOT NULL');
    await q.query(`CREATE TABLE ${DEFAULT_PARTITION} PARTITION OF activations DEFAULT`);
    const today = bucketStart(Date.now(), 'day');
    const days = new Set<number>(Array.from({ length: AHEAD_DAYS + 1 }, (_, i) => today + i * DAY));
    const history = (await q.query(
      `SELECT DISTINCT (start / ${DAY}) * ${DAY} AS day FROM activations_unpartitioned WHERE start >= $1 AND start < $2`,
      [today - HISTORY_DAYS * DAY, today],
    )) as { day: string }[];
    for (const r of history) days.add(Number(r.day));
    for (const from of [...days].sort((a, b) => a - b)) {
      await addActivationPartition(q, { name: partitionName(from, 'day'), from, to: from + DAY });
    }
    await q.query(`INSERT INTO activations (${COLUMNS}) SELECT ${COLUMNS} FROM activations_unpartitioned`);
    await q.query('DROP TABLE activations_unpartitioned');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE activations RENAME TO activations_partitioned');
    await q.query(`CREATE TABLE activations (LIKE activations_partitioned INCLUDING DEFAULTS, PRIMARY KEY (activation_id))`);
    await q.query(`INSERT INTO activations (${COLUMNS}) SELECT ${COLUMNS} FROM activations_partitioned ON CONFLICT (activation_id) DO NOTHING`);
    await q.query('DROP TABLE activations_partitioned');
    await q.query('CREATE INDEX activations_ns_start ON activations (namespace, start DESC)');
    await q.query('CREATE INDEX activations_ns_name_start ON activations (namespace, entity_name, start DESC)');
    await q.query('CREATE INDEX activations_cause ON activations (cause) WHERE cause IS NOT NULL');
  }
}
