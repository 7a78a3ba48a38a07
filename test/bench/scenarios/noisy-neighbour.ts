import { BenchContext, NOOP, ScenarioResult } from '../context';
import { sequential } from '../load';
import { measure, round, since } from '../stats';

/** Writes one 100 MB stdout line with no newline: the attack of issue 17 #3. */
const FLOOD = `function main() { process.stdout.write('x'.repeat(100 * 1024 * 1024)); return {}; }`;
const FLOODERS = 3;

/**
 * 10: another namespace's warm no-op, quiet and while three actions of this namespace each write a single 100 MB log
 * line. The invoker's log collector must neither grow nor stall its event loop, so the neighbour barely notices.
 */
export async function noisyNeighbour(ctx: BenchContext): Promise<ScenarioResult> {
  const neighbour = await ctx.otherTenant('neighbour');
  try {
    // 128 MB never matches a stem cell: the neighbour keeps its own warm container throughout.
    await neighbour.putAction('noop', NOOP, 128);
    for (let i = 1; i <= FLOODERS; i++) await ctx.api.putAction(`flood-${i}`, FLOOD, 512);
    await sequential(20, 30_000, () => neighbour.invoke('noop'));
    const samples = Math.max(50, Math.floor(ctx.plan.sequential / 2));
    const quiet = await sequential(samples, 60_000, () => neighbour.invoke('noop'));
    let attacking = true;
    const attack = Promise.allSettled(Array.from({ length: FLOODERS }, (_, i) => ctx.api.invoke(`flood-${i + 1}`))).finally(() => (attacking = false));
    const during: number[] = [];
    let errors = quiet.errors;
    const until = Date.now() + 180_000;
    while (attacking && Date.now() < until) {
      const t = process.hrtime.bigint();
      try {
        await neighbour.invoke('noop');
        during.push(since(t));
      } catch {
        errors++;
      }
    }
    const floods = await attack;
    const q = measure('neighbour no-op, quiet', quiet.latencies);
    const a = measure('neighbour no-op, during the flood', during);
    const maxOf = (xs: number[]) => round(Math.max(0, ...xs));
    const ratio = round(a.p50 / q.p50);
    return {
      id: 10,
      name: 'Noisy neighbour',
      wisp: [q, a],
      ratio,
      headline: `p50 ${a.p50} ms (quiet ${q.p50}), max ${maxOf(during)} ms (quiet ${maxOf(quiet.latencies)})`,
      target: '≤ 2× quiet p50',
      met: a.p50 <= 2 * q.p50,
      notes: [`${FLOODERS} actions × one 100 MB line (${floods.filter((f) => f.status === 'fulfilled').length} succeeded); ${a.n} neighbour invokes during the flood; ${errors} errors`],
    };
  } finally {
    neighbour.close();
  }
}
