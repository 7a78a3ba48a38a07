import { BenchContext, ScenarioResult } from '../context';
import { postgresInsertFloor } from '../floors/postgres';
import { measure, round } from '../stats';

/**
 * 8: activation records/s Wisp persisted during scenario 6's sustained load (row counts sampled every 250 ms, over
 * the span in which the count grew) vs sequential single-row INSERT commits/s on the same PostgreSQL.
 */
export async function activationWrites(ctx: BenchContext): Promise<ScenarioResult> {
  const samples = ctx.shared.rowSamples;
  if (!samples || samples.length < 2) throw new Error('needs the row samples of scenario 6');
  const grew = samples.filter((s, i) => i > 0 && s.rows > samples[i - 1].rows);
  const first = samples[Math.max(0, samples.indexOf(grew[0]) - 1)];
  const last = grew[grew.length - 1] ?? first;
  const rate = (last.rows - first.rows) / Math.max(0.001, (last.t - first.t) / 1000);
  const perInterval = samples.slice(1).map((s, i) => (s.rows - samples[i].rows) / ((s.t - samples[i].t) / 1000)).filter((_, i) => samples[i + 1].t <= last.t);
  const floor = await postgresInsertFloor(ctx.plan.floorMs);
  const wisp = { ...measure('records/s (per 250 ms window)', perInterval, rate), samples: [] };
  const ratio = round(rate / floor.rate!);
  return {
    id: 8,
    name: 'Activation writes',
    wisp: [wisp],
    floor,
    ratio,
    headline: `${round(rate)} records/s = ${ratio}× single-row INSERT commits (${floor.rate}/s)`,
    target: '≥ 5× single-row inserts',
    met: ratio >= 5,
    notes: [`${last.rows - first.rows} records over ${round((last.t - first.t) / 1000)} s; percentiles are per-window rates, not latencies`],
  };
}
