import { BenchContext, NOOP, ScenarioResult } from '../context';
import { warmFloors } from '../floors/warm-containers';
import { concurrent } from '../load';
import { measure, round } from '../stats';

const CONCURRENCY = 8;

/** 2: blocking invokes/s at concurrency 8 vs direct `/run` at 8 over the same warm containers. */
export async function warmThroughput(ctx: BenchContext): Promise<ScenarioResult> {
  // Warm-up lets the invoker start the containers concurrency 8 needs (their cold starts are not measured).
  await concurrent(CONCURRENCY, 4_000, () => ctx.api.invoke('noop'));
  const w = await concurrent(CONCURRENCY, ctx.plan.throughputMs, () => ctx.api.invoke('noop'));
  const sockets = await warmFloors(ctx.docker, `/${ctx.namespace}/noop`, NOOP, 128);
  // Each socket's agent holds one connection, so workers sharing a container queue as the invoker's runs would.
  const f = await concurrent(CONCURRENCY, ctx.plan.throughputMs, (_i, worker) => sockets[worker % sockets.length].run(ctx.namespace, `/${ctx.namespace}/noop`));
  await Promise.all(sockets.map((s) => s.remove()));
  const wisp = measure('Wisp invokes at c=8', w.latencies, w.rate);
  const floor = measure('direct /run at c=8', f.latencies, f.rate);
  ctx.shared.single = wisp;
  const ratio = round(wisp.rate! / floor.rate!, 3);
  return {
    id: 2,
    name: 'Warm throughput (c=8)',
    wisp: [wisp],
    floor,
    ratio,
    headline: `${wisp.rate}/s vs ${floor.rate}/s = ${round(ratio * 100, 1)}% of direct`,
    target: '≥ 15% of direct',
    met: ratio >= 0.15,
    notes: [`${sockets.length} warm containers; ${w.errors} errors${w.firstError ? ` (${w.firstError})` : ''}`],
  };
}
