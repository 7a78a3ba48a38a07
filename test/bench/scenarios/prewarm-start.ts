import { BENCH } from '../config';
import { BenchContext, NOOP, ScenarioResult, sleep } from '../context';
import { measure, round, since } from '../stats';

/**
 * 4: first invoke of a new nodejs:20 256 MB action while a stem cell is ready, vs the warm invoke of scenario 1.
 * Before each sample the bench waits until the invoker has replaced every stem cell taken so far; afterwards it checks
 * no container was started for the action itself (a taken stem cell keeps its `wisp.prewarm` label).
 */
export async function prewarmStart(ctx: BenchContext): Promise<ScenarioResult> {
  const warm = ctx.shared.warm;
  if (!warm) throw new Error('needs the warm invoke figure of scenario 1');
  const ms: number[] = [];
  let taken = 0;
  let coldFallbacks = 0;
  let notReady = 0;
  const tag = Date.now().toString(36);
  for (let i = 0; i < ctx.plan.startSamples; i++) {
    if (!(await waitForStemCells(ctx, BENCH.prewarmCount + taken))) notReady++;
    const name = `prewarm-${tag}-${i}`;
    await ctx.api.putAction(name, NOOP, 256);
    const t = process.hrtime.bigint();
    await ctx.api.invoke(name);
    ms.push(since(t));
    taken++;
    const own = await ctx.docker.listContainers({ all: true, filters: { label: [`wisp.invoker=${BENCH.invokerId}`, `wisp.action=/${ctx.namespace}/${name}`] } });
    if (own.length > 0) coldFallbacks++;
  }
  const wisp = measure('Wisp first invoke (stem cell)', ms);
  const over = round(wisp.p50 - warm.p50);
  return {
    id: 4,
    name: 'Prewarm start',
    wisp: [wisp],
    floor: { ...warm, label: 'warm invoke (scenario 1)' },
    ratio: round(wisp.p50 / warm.p50),
    headline: `warm +${over} ms p50`,
    target: '≤ warm + 30 ms',
    met: over <= 30 && coldFallbacks === 0,
    notes: [`${coldFallbacks} of ${ms.length} samples fell back to a cold start; ${notReady} started without a backfilled stem cell seen within 10 s`],
  };
}

/** Waits until `count` stem-cell containers (taken or not) are running, i.e. the invoker has backfilled; false after 10 s. */
async function waitForStemCells(ctx: BenchContext, count: number): Promise<boolean> {
  const until = Date.now() + 10_000;
  for (;;) {
    const cells = await ctx.docker.listContainers({ filters: { label: [`wisp.invoker=${BENCH.invokerId}`, 'wisp.prewarm=true'], status: ['running'] } });
    if (cells.length >= count) break;
    if (Date.now() > until) return false;
    await sleep(50);
  }
  // The container runs before its proxy listens and the pool marks it ready; give it that moment.
  await sleep(300);
  return true;
}
