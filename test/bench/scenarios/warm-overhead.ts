import { BenchContext, NOOP, ScenarioResult } from '../context';
import { warmFloors } from '../floors/warm-containers';
import { sequential } from '../load';
import { measure, round } from '../stats';

/** 1: sequential blocking invokes of a warm no-op vs direct `/run` on the same warm container. */
export async function warmOverhead(ctx: BenchContext): Promise<ScenarioResult> {
  // 128 MB never matches a stem cell, so the action's own container carries its `wisp.action` label.
  await ctx.api.putAction('noop', NOOP, 128);
  await sequential(20, 30_000, () => ctx.api.invoke('noop'));
  const w = await sequential(ctx.plan.sequential, 60_000, () => ctx.api.invoke('noop'));
  const sockets = await warmFloors(ctx.docker, `/${ctx.namespace}/noop`, NOOP, 128);
  if (sockets.length === 0) throw new Error('no warm container labelled for noop');
  const direct = sockets[0];
  await sequential(20, 10_000, () => direct.run(ctx.namespace, `/${ctx.namespace}/noop`));
  const f = await sequential(ctx.plan.sequential, 60_000, () => direct.run(ctx.namespace, `/${ctx.namespace}/noop`));
  await Promise.all(sockets.map((s) => s.remove()));
  const wisp = measure('Wisp blocking invoke', w.latencies);
  const floor = measure('direct /run (socket)', f.latencies);
  ctx.shared.warm = wisp;
  const d50 = round(wisp.p50 - floor.p50);
  const d99 = round(wisp.p99 - floor.p99);
  return {
    id: 1,
    name: 'Warm invoke overhead',
    wisp: [wisp],
    floor,
    ratio: round(wisp.p50 / floor.p50),
    headline: `+${d50} ms p50, +${d99} ms p99 over floor`,
    target: '≤ +3 ms p50, ≤ +15 ms p99',
    met: d50 <= 3 && d99 <= 15,
    notes: [`${w.errors} errors${w.firstError ? ` (${w.firstError})` : ''}; ${sockets.length} warm container(s)`],
  };
}
