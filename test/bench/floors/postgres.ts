import { Client } from 'pg';
import { BENCH } from '../config';
import { measure, Measure, since } from '../stats';

/**
 * PostgreSQL floor: sequential single-row INSERTs, each its own commit, into a table shaped like `activations`
 * (a regular table: a TEMP table writes no WAL, so its commits skip the flush that bounds this floor). Dropped after.
 */
export async function postgresInsertFloor(durationMs: number): Promise<Measure> {
  const c = new Client({ connectionString: BENCH.databaseUrl });
  await c.connect();
  const table = `bench_insert_floor_${process.pid}`;
  try {
    await c.query(`CREATE TABLE ${table} (activation_id char(32) PRIMARY KEY, namespace text, start bigint, response jsonb)`);
    const latencies: number[] = [];
    const until = Date.now() + durationMs;
    const begin = process.hrtime.bigint();
    for (let i = 0; Date.now() < until; i++) {
      const t = process.hrtime.bigint();
      await c.query(`INSERT INTO ${table} VALUES ($1, $2, $3, $4)`, [String(i).padStart(32, '0'), 'bench', Date.now(), '{"statusCode":0,"result":{}}']);
      latencies.push(since(t));
    }
    const elapsed = since(begin);
    return measure('single-row INSERT commit', latencies, latencies.length / (elapsed / 1000));
  } finally {
    await c.query(`DROP TABLE IF EXISTS ${table}`).catch(() => undefined);
    await c.end();
  }
}
