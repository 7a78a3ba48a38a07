import type { Command } from 'commander';
import type { DataSource } from 'typeorm';
import { StorageUsageReader } from '../../metrics/storage-usage.reader';
import { type CliContext, table } from '../cli-context';

/** One invoker as its metrics port reports it. */
interface InvokerStatus {
  url: string;
  reachable: boolean;
  containers?: Record<string, number>;
  freeMemoryMb?: number;
  queueDepth?: number;
}

/** Reads containers by state, free memory and queue depth from an invoker's `/metrics`. */
async function invokerStatus(url: string): Promise<InvokerStatus> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(3_000) });
    if (!res.ok) return { url, reachable: false };
    const text = await res.text();
    const containers: Record<string, number> = {};
    for (const m of text.matchAll(/^wisp_pool_containers\{state="(\w+)"\} (\d+)/gm)) containers[m[1]] = Number(m[2]);
    const free = /^wisp_pool_free_memory_bytes (\d+)/m.exec(text);
    const depth = /^wisp_invoker_queue_depth\{[^}]*\} (\d+)/m.exec(text);
    return { url, reachable: true, containers, freeMemoryMb: free ? Number(free[1]) / 1_048_576 : undefined, queueDepth: depth ? Number(depth[1]) : undefined };
  } catch {
    return { url, reachable: false };
  }
}

/** Feeds grouped by kind and whether they run, with the reasons of those that do not. */
async function feedsByStatus(db: DataSource): Promise<{ kind: string; status: string; count: number }[]> {
  const rows = (await db.query(
    `SELECT kind, CASE WHEN (status->>'active')::boolean THEN 'active' ELSE 'inactive' END AS status, count(*)::int AS count
       FROM feed_subscriptions GROUP BY 1, 2 ORDER BY 1, 2`,
  )) as { kind: string; status: string; count: number }[];
  return rows;
}

const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;

/** `wisp status`: invokers (containers, free memory, queue), feeds by status, database and activations size. */
export function registerStatusCommand(program: Command, ctx: CliContext): void {
  program
    .command('status')
    .description('invokers with their containers and free memory, feeds by status, database and activations size')
    .option('--invoker <url...>', "invoker metrics URL(s) (default: this host's WISP_INVOKER_METRICS_HOST:PORT)")
    .action(async (opts: { invoker?: string[] }) => {
      const urls = opts.invoker ?? [`http://${ctx.wisp.metrics.invokerHost}:${ctx.wisp.metrics.invokerPort}/metrics`];
      const invokers = await Promise.all(urls.map(invokerStatus));
      const { feeds, usage } = await ctx.withDb(async (db) => ({ feeds: await feedsByStatus(db), usage: await new StorageUsageReader(db).read() }));
      const oldest = usage.oldestActivationPartition === undefined ? undefined : new Date(usage.oldestActivationPartition).toISOString();
      const data = { invokers, feeds, database: { bytes: usage.databaseBytes, activationsBytes: usage.tableBytes.activations, activationPartitions: usage.activationPartitions, oldestActivationPartition: oldest } };
      ctx.print(program.opts(), data, () =>
        [
          'Invokers',
          table(
            ['metrics', 'state', 'warm', 'paused', 'prewarm', 'busy', 'free memory', 'queued'],
            invokers.map((i) => {
              const c = i.containers ?? {};
              return [i.url, i.reachable ? 'up' : 'unreachable', c.warm ?? '-', c.paused ?? '-', c.prewarm ?? '-', c.busy ?? '-', i.freeMemoryMb === undefined ? '-' : `${i.freeMemoryMb} MB`, i.queueDepth ?? '-'];
            }),
          ),
          '',
          'Feeds',
          table(['kind', 'status', 'count'], feeds.map((f) => [f.kind, f.status, f.count])),
          '',
          'Database',
          table(['size', 'activations', 'partitions', 'oldest partition'], [[mb(usage.databaseBytes), mb(usage.tableBytes.activations), usage.activationPartitions, oldest ?? '-']]),
        ].join('\n'),
      );
    });
}
