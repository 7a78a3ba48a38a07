import { DataSource } from 'typeorm';
import { DEFAULT_PARTITION, listActivationPartitions, migrateDatabase, WISP_ENTITIES, WISP_MIGRATIONS } from '@wisp/core';
import { queryOnce } from '../../support/sql';
import { freshDatabase } from './retention-db';

const DAY = 86_400_000;
const NEW_MIGRATIONS = new Set(['ActivationPartitions1766000000001', 'Leases1766000000002']);
const CONTENT = `md5(string_agg(row(activation_id, namespace, name, entity_name, version, subject, start, "end", duration, cause,
  status_code, response, logs, annotations, publish)::text, '|' ORDER BY activation_id))`;

/** Today's schema: every migration before the partitioning one. */
async function oldSchema(url: string): Promise<void> {
  const old = WISP_MIGRATIONS.filter((m) => !NEW_MIGRATIONS.has(new m().name!));
  const ds = new DataSource({ type: 'postgres', url, entities: WISP_ENTITIES, migrations: old, migrationsTableName: 'wisp_migrations' });
  await ds.initialize();
  await ds.runMigrations({ transaction: 'all' });
  await ds.destroy();
}

describe('migrating activations to a partitioned table (a copy on real PostgreSQL)', () => {
  let url: string;
  const now = Date.now();
  /** Rows on 12 different days (today back to 10 days ago, one 3 years old, one at epoch 1) and one ahead. */
  const starts = [now, now - 3_600_000, ...Array.from({ length: 10 }, (_, i) => now - (i + 1) * DAY), now - 3 * 365 * DAY, 1, now + DAY];

  beforeAll(async () => {
    url = await freshDatabase('migration');
    await oldSchema(url);
    const values = starts.map((_, i) => `($${i * 4 + 1}, 'ns${i % 3}', 'a', ${i % 2 ? "'pkg/a'" : "'a'"}, '0.0.1', 'guest', $${i * 4 + 2}::bigint, $${i * 4 + 2}::bigint + 5, 5, $${i * 4 + 3}, ${i % 4}, $${i * 4 + 4}::jsonb, '["log \\u00e9"]', '[{"key":"path","value":"ns/a"}]', ${i % 2 === 0})`);
    const params = starts.flatMap((start, i) => [i.toString(16).padStart(32, '0'), start, i > 0 ? '0'.repeat(32) : null, JSON.stringify({ statusCode: i % 4, result: { i, text: 'x'.repeat(i * 100) } })]);
    await queryOnce(url, `INSERT INTO activations (activation_id, namespace, name, entity_name, version, subject, start, "end", duration, cause, status_code, response, logs, annotations, publish) VALUES ${values.join(', ')}`, params);
  });

  it('keeps every row, byte for byte, and gives each recent day a partition of its own', async () => {
    const [before] = await queryOnce<{ n: string; digest: string }>(url, `SELECT count(*) AS n, ${CONTENT} AS digest FROM activations`);
    expect(Number(before.n)).toBe(starts.length);
    const ds = await migrateDatabase(url);
    try {
      const [kind] = await ds.query(`SELECT relkind FROM pg_class WHERE relname = 'activations'`);
      expect(kind.relkind).toBe('p');
      const [after] = await ds.query(`SELECT count(*) AS n, ${CONTENT} AS digest FROM activations`);
      expect(after).toEqual(before);
      const partitions = await listActivationPartitions(ds);
      // 10 past days + today + 2 days ahead (tomorrow holds the row ahead); the 3-year-old row and epoch 1 wait in the default partition.
      expect(partitions).toHaveLength(13);
      for (const p of partitions) expect(p.to - p.from).toBe(DAY);
      const [outside] = await ds.query(`SELECT count(*) AS n FROM ${DEFAULT_PARTITION}`);
      expect(Number(outside.n)).toBe(2);
      const byId = await ds.query(`SELECT start FROM activations WHERE activation_id = $1`, [(5).toString(16).padStart(32, '0')]);
      expect(Number(byId[0].start)).toBe(starts[5]);
    } finally {
      await ds.destroy();
    }
  });
});
