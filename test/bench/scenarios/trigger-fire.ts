import { BenchContext, ScenarioResult, sleep } from '../context';
import { measure, round, since } from '../stats';

/** Gap between sequential fires, so each rule activation finds the warm container free. */
const GAP_MS = 20;

/**
 * 5: sequential fires of a trigger whose rule runs the warm no-op: fire accepted latency (202), and fire → action
 * start (the action activation's `start` minus the fire's send time, same clock), both vs the warm invoke.
 */
export async function triggerFire(ctx: BenchContext): Promise<ScenarioResult> {
  const warm = ctx.shared.warm;
  if (!warm) throw new Error('needs the warm invoke figure of scenario 1');
  await ctx.api.putTrigger('tick');
  await ctx.api.putRule('tick-noop', `/${ctx.namespace}/tick`, `/${ctx.namespace}/noop`);
  const sent = new Map<string, number>();
  const accepted: number[] = [];
  const count = Math.min(ctx.plan.sequential, 300);
  for (let i = 0; i < count + 5; i++) {
    const at = Date.now();
    const t = process.hrtime.bigint();
    const id = await ctx.api.fire('tick', { i });
    if (i >= 5) {
      accepted.push(since(t));
      sent.set(id, at);
    }
    await sleep(GAP_MS);
  }
  const starts = await actionStarts(ctx, [...sent.keys()], 30_000);
  const toStart = [...starts].map(([cause, start]) => start - sent.get(cause)!);
  const fire = measure('fire accepted (202)', accepted);
  const start = measure('fire → action start', toStart);
  const ratio = round(start.p50 / warm.p50);
  return {
    id: 5,
    name: 'Trigger fire → action',
    wisp: [fire, start],
    floor: { ...warm, label: 'warm invoke (scenario 1)' },
    ratio,
    headline: `fire→start p50 = ${ratio}× warm invoke p50`,
    target: 'fire→action p50 ≤ 2× warm',
    met: ratio <= 2,
    notes: [`${starts.size} of ${sent.size} rule activations found; fires ${GAP_MS} ms apart`],
  };
}

/** Action activations caused by the given trigger activations: cause → start (epoch ms), waiting for all of them. */
async function actionStarts(ctx: BenchContext, causes: string[], timeoutMs: number): Promise<Map<string, number>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const r = await ctx.db.query<{ cause: string; start: string }>('SELECT cause, start FROM activations WHERE cause = ANY($1)', [causes]);
    if (r.rows.length >= causes.length || Date.now() > until) return new Map(r.rows.map((row) => [row.cause, Number(row.start)]));
    await sleep(250);
  }
}
