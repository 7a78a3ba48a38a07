import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import type { DataSource } from 'typeorm';
import type { CliContext } from '../cli-context';

const OUTCOME = ['success', 'application error', 'developer error', 'internal error'];
const POLL_MS = 1_000;

/** One activation line of the tail. */
interface TailRow {
  activation_id: string;
  namespace: string;
  entity_name: string;
  start: string;
  duration: number | null;
  status_code: number;
}

const positive = (raw: string) => {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive integer');
  return n;
};

/** Activations started after `(start, id)`, oldest first, at most 500 a read. */
async function after(db: DataSource, start: number, id: string, namespace?: string): Promise<TailRow[]> {
  return (await db.query(
    `SELECT activation_id, namespace, entity_name, start, duration, status_code FROM activations
      WHERE (start, activation_id) > ($1, $2) AND ($3::text IS NULL OR namespace = $3)
      ORDER BY start, activation_id LIMIT 500`,
    [start, id, namespace ?? null],
  )) as TailRow[];
}

/** `wisp activations tail`: follows new activations as they are recorded (Ctrl-C ends it). */
export function registerActivationsCommands(program: Command, ctx: CliContext): void {
  const activations = program.command('activations').description('activation records');
  activations
    .command('tail')
    .description('follow new activations as they are recorded')
    .option('--namespace <ns>', 'only this namespace')
    .option('--count <n>', 'exit after printing n activations', positive)
    .action(async (opts: { namespace?: string; count?: number }) => {
      const json = program.opts().json === true;
      let printed = 0;
      let stopped = false;
      const stop = () => (stopped = true);
      process.once('SIGINT', stop).once('SIGTERM', stop);
      await ctx.withDb(async (db) => {
        let cursor = { start: Date.now(), id: '' };
        if (!json) ctx.progress(`following activations${opts.namespace ? ` of ${opts.namespace}` : ''} (Ctrl-C to stop)`);
        while (!stopped && (opts.count === undefined || printed < opts.count)) {
          for (const row of await after(db, cursor.start, cursor.id, opts.namespace)) {
            cursor = { start: Number(row.start), id: row.activation_id };
            const record = { activationId: row.activation_id, namespace: row.namespace, name: row.entity_name, start: Number(row.start), duration: row.duration, statusCode: row.status_code };
            const when = new Date(record.start).toISOString();
            ctx.out.write(json ? `${JSON.stringify(record)}\n` : `${when}  ${row.activation_id}  ${row.namespace}/${row.entity_name}  ${OUTCOME[row.status_code] ?? row.status_code}  ${row.duration ?? '-'} ms\n`);
            if (opts.count !== undefined && ++printed >= opts.count) return;
          }
          await new Promise((r) => setTimeout(r, POLL_MS));
        }
      });
    });
}
