import { BenchContext, NOOP, ScenarioResult } from '../context';
import { coldContainerMs } from '../floors/cold-container';
import { measure, round, since } from '../stats';

/**
 * 3: first blocking invoke of a new action vs create + start + first `/init` through the Docker API.
 * The actions take 128 MB while stem cells are 256 MB nodejs:20, so the pool can use neither a warm container
 * (the action is new) nor a stem cell (memory differs): every sample is a true cold start. Samples alternate with
 * floor samples so both see the same machine.
 */
export async function coldStart(ctx: BenchContext): Promise<ScenarioResult> {
  const wispMs: number[] = [];
  const floorMs: number[] = [];
  const initTimes: number[] = [];
  const tag = Date.now().toString(36);
  for (let i = 0; i < ctx.plan.startSamples; i++) {
    const name = `cold-${tag}-${i}`;
    await ctx.api.putAction(name, NOOP, 128);
    const t = process.hrtime.bigint();
    const activation = await ctx.api.invoke(name);
    wispMs.push(since(t));
    const init = (activation.annotations ?? []).find((a: { key: string }) => a.key === 'initTime');
    if (init) initTimes.push(init.value);
    floorMs.push(await coldContainerMs(ctx.docker, NOOP, 128));
  }
  const wisp = measure('Wisp first invoke (cold)', wispMs);
  const floor = measure('docker create+start+/init', floorMs);
  const ratio = round(wisp.p50 / floor.p50);
  return {
    id: 3,
    name: 'Cold start',
    wisp: [wisp],
    floor,
    ratio,
    headline: `${ratio}× the bare floor (p50 +${round(wisp.p50 - floor.p50)} ms)`,
    target: '≤ 1.2× floor',
    met: ratio <= 1.2,
    notes: [`128 MB actions vs 256 MB stem cells: no prewarm can serve them; initTime annotations ${initTimes.length}/${wispMs.length}`],
    extra: { initTimeMs: initTimes },
  };
}
