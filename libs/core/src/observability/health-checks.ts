import type { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import type { DataSource } from 'typeorm';

/** Longest a readiness probe waits for PostgreSQL before calling it down. */
const DATABASE_PROBE_MS = 2_000;

/** `database`: PostgreSQL answers `SELECT 1` within 2 s (through the app's own pool, so a full pool counts too). */
export async function databaseHealth(indicators: HealthIndicatorService, db: DataSource): Promise<HealthIndicatorResult> {
  const check = indicators.check('database');
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      db.query('SELECT 1'),
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${DATABASE_PROBE_MS} ms`)), DATABASE_PROBE_MS))),
    ]);
    return check.up();
  } catch (e) {
    return check.down({ message: `PostgreSQL unreachable: ${(e as Error).message}` });
  } finally {
    clearTimeout(timer);
  }
}

/** `broker`: this process's RabbitMQ connection is open (it reconnects by itself; down until it has). */
export function brokerHealth(indicators: HealthIndicatorService, amqp: { readonly connected: boolean }): HealthIndicatorResult {
  const check = indicators.check('broker');
  return amqp.connected ? check.up() : check.down({ message: 'RabbitMQ unreachable: not connected (reconnecting)' });
}
