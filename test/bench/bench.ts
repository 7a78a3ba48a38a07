import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { Api } from './api';
import { chartSvg } from './chart';
import { BENCH, benchPlan } from './config';
import { BenchContext, ScenarioResult } from './context';
import { describeMachine } from './machine';
import { table, writeJson } from './report';
import { activationWrites } from './scenarios/activation-writes';
import { coldStart } from './scenarios/cold-start';
import { feedLatency } from './scenarios/feed-latency';
import { manyActions } from './scenarios/many-actions';
import { noisyNeighbour } from './scenarios/noisy-neighbour';
import { prewarmStart } from './scenarios/prewarm-start';
import { sustainedFires } from './scenarios/sustained-fires';
import { triggerFire } from './scenarios/trigger-fire';
import { warmOverhead } from './scenarios/warm-overhead';
import { warmThroughput } from './scenarios/warm-throughput';
import { BenchStack } from './stack';

/**
 * In run order: 8 reads the row counts 6 sampled; 4, 5 and 7 compare with 1 and 2. 4 runs before 3 so the stem cells
 * it takes still fit in the invoker's memory beside the cold-start containers (the pool backfills only into free memory).
 */
const SCENARIOS: [number, string, (ctx: BenchContext) => Promise<ScenarioResult>][] = [
  [1, 'Warm invoke overhead', warmOverhead],
  [2, 'Warm throughput', warmThroughput],
  [4, 'Prewarm start', prewarmStart],
  [3, 'Cold start', coldStart],
  [5, 'Trigger fire → action', triggerFire],
  [6, 'Sustained fires', sustainedFires],
  [8, 'Activation writes', activationWrites],
  [7, 'Many actions', manyActions],
  [9, 'Feed latency', feedLatency],
  [10, 'Noisy neighbour', noisyNeighbour],
];

/** `npm run bench [-- --quick] [--cpu-prof] [--only=1,2]`: starts its own stack, runs every scenario beside its floor, reports. */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const plan = benchPlan(args.includes('--quick'));
  // `--only=1,6` runs a subset (for profiling one scenario); the scenarios they depend on must be listed too.
  const only = args.find((a) => a.startsWith('--only='))?.slice(7).split(',').map(Number);
  const startedAt = new Date();
  const stack = new BenchStack();
  const db = new Client({ connectionString: BENCH.databaseUrl });
  const results: ScenarioResult[] = [];
  try {
    await stack.start(args.includes('--cpu-prof') ? ['--cpu-prof', `--cpu-prof-dir=${join(BENCH.logDir, 'prof')}`] : []);
    await db.connect();
    const namespace = `bench-${startedAt.getTime().toString(36)}`;
    const api = new Api(await stack.createNamespace(namespace));
    const otherTenant = async (suffix: string) => new Api(await stack.createNamespace(`${namespace}-${suffix}`));
    const ctx: BenchContext = { plan, namespace, api, docker: stack.docker, db, otherTenant, shared: {} };
    for (const [id, name, run] of SCENARIOS.filter(([id]) => !only || only.includes(id))) {
      const t = Date.now();
      process.stderr.write(`scenario ${id} ${name}…`);
      try {
        results.push(await run(ctx));
      } catch (e) {
        results.push({ id, name, wisp: [], headline: '', target: '', notes: [], error: (e as Error).message });
      }
      process.stderr.write(` ${((Date.now() - t) / 1000).toFixed(1)} s\n`);
    }
    api.close();
    const machine = await describeMachine(stack.docker, db);
    results.sort((a, b) => a.id - b.id);
    console.log(table(results, machine, plan.quick));
    const json = writeJson(join(BENCH.repoRoot, 'bench/results'), results, machine, plan.quick, startedAt);
    const title = `Wisp bench ${startedAt.toISOString().slice(0, 16)}${plan.quick ? ' (--quick)' : ''}: latency per scenario (ms, log scale)`;
    writeFileSync(join(BENCH.repoRoot, 'bench/latest.svg'), chartSvg(results, machine, title));
    console.log(`\n${json}\nbench/latest.svg\ntotal ${((Date.now() - startedAt.getTime()) / 1000).toFixed(0)} s`);
  } finally {
    await db.end().catch(() => undefined);
    await stack.stop();
  }
}

main().catch((e: Error) => {
  console.error(e.stack ?? e.message);
  process.exit(1);
});
