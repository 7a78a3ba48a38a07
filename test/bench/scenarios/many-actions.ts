import { BenchContext, NOOP, ScenarioResult } from '../context';
import { concurrent } from '../load';
import { measure, round, since } from '../stats';

const CONCURRENCY = 8;

/**
 * 7: blocking invokes at concurrency 8 round-robin over N distinct no-op actions vs the single-action throughput of
 * scenario 2. Every action is invoked once first (their cold starts are timed separately, not in the window).
 */
export async function manyActions(ctx: BenchContext): Promise<ScenarioResult> {
  const single = ctx.shared.single;
  if (!single) throw new Error('needs the single-action throughput of scenario 2');
  const n = ctx.plan.manyActions;
  const names = Array.from({ length: n }, (_, i) => `many-${i}`);
  for (const name of names) await ctx.api.putAction(name, NOOP, 128);
  const warmStart = process.hrtime.bigint();
  const warmUp = await concurrent(4, 300_000, (i) => ctx.api.invoke(names[i]), n);
  const warmUpMs = round(since(warmStart));
  const w = await concurrent(CONCURRENCY, ctx.plan.throughputMs, (i) => ctx.api.invoke(names[i % n]));
  const wisp = measure(`${n} actions round-robin c=8`, w.latencies, w.rate);
  const ratio = round(wisp.rate! / single.rate!, 3);
  return {
    id: 7,
    name: `Many actions (${n})`,
    wisp: [wisp],
    floor: { ...single, label: 'single action c=8 (scenario 2)' },
    ratio,
    headline: `${wisp.rate}/s = ${round(ratio * 100, 1)}% of single-action`,
    target: '≥ 50% of single-action',
    met: ratio >= 0.5,
    notes: [`first invokes of ${n} actions (cold, 4 at a time) took ${warmUpMs} ms, ${warmUp.errors} errors; ${w.errors} errors in the window${w.firstError ? ` (${w.firstError})` : ''}`],
  };
}
