import { BenchContext, ECHO_SEQ, ScenarioResult, sleep } from '../context';
import { rabbitPublishFloor } from '../floors/rabbitmq';
import { concurrent } from '../load';
import { measure, round, since } from '../stats';
import { RowSampler } from './row-sampler';

/** Client-side bound on fires awaiting their 202; past it the schedule slips and the achieved rate shows it. */
const MAX_IN_FLIGHT = 256;

/**
 * 6: fires at a constant offered rate for the window, then waits for the backlog to drain and counts, per fire
 * (`seq`), trigger activations and action activations: lost and duplicated must be 0. Floor: publish-with-confirm on
 * the same broker. Row counts are sampled throughout for scenario 8.
 */
export async function sustainedFires(ctx: BenchContext): Promise<ScenarioResult> {
  const { plan } = ctx;
  await ctx.api.putAction('echo', ECHO_SEQ, 128);
  await ctx.api.putTrigger('burst');
  await ctx.api.putRule('burst-echo', `/${ctx.namespace}/burst`, `/${ctx.namespace}/echo`);
  await concurrent(8, 3_000, () => ctx.api.invoke('echo', { seq: -1 }));
  const sampler = new RowSampler(ctx.db).start();
  const triggerIds = new Set<string>();
  const latencies: number[] = [];
  let sent = 0;
  let failed = 0;
  let firstError: string | undefined;
  let inFlight = 0;
  const begin = Date.now();
  const end = begin + plan.sustainMs;
  const pending = new Set<Promise<void>>();
  while (Date.now() < end) {
    const due = Math.floor(((Date.now() - begin) / 1000) * plan.fireRate);
    while (sent < due && inFlight < MAX_IN_FLIGHT) {
      const seq = sent++;
      inFlight++;
      const t = process.hrtime.bigint();
      const p = ctx.api
        .fire('burst', { seq })
        .then((id) => {
          triggerIds.add(id);
          latencies.push(since(t));
        })
        .catch((e: Error) => {
          failed++;
          firstError ??= e.message;
        })
        .finally(() => {
          inFlight--;
          pending.delete(p);
        });
      pending.add(p);
    }
    await sleep(1);
  }
  await Promise.all(pending);
  const windowS = (Date.now() - begin) / 1000;
  const accepted = triggerIds.size;
  const drainStart = Date.now();
  const actionRows = await waitForActions(ctx, accepted, plan.drainMs);
  const drainMs = Date.now() - drainStart;
  await sleep(1_000);
  sampler.stop();
  ctx.shared.rowSamples = sampler.samples;
  const counts = await countPerFire(ctx, [...triggerIds]);
  const { lost, duplicated, failed: errored } = counts;
  const floor = await rabbitPublishFloor(plan.floorMs);
  const rate = round(accepted / windowS);
  const wisp = measure('fire accepted, sustained', latencies, rate);
  return {
    id: 6,
    name: 'Sustained fires, zero loss',
    wisp: [wisp],
    floor,
    ratio: round(rate / floor.rate!, 3),
    headline: `${rate} fires/s accepted (offered ${plan.fireRate}/s); lost ${lost}, duplicated ${duplicated}, errors ${errored}`,
    target: '≥ 2000/s, 0 lost, 0 duplicated (0 errors)',
    met: rate >= 2000 && lost === 0 && duplicated === 0 && errored === 0 && counts.triggerRows === accepted,
    notes: [
      `${sent} sent, ${accepted} accepted, ${failed} refused${firstError ? ` (${firstError})` : ''}; trigger records ${counts.triggerRows}, action records ${counts.actionRows} (${errored} errors, ${counts.distinctSeqs} distinct seq echoed)`,
      `backlog drained in ${drainMs} ms (${actionRows} action records at the end of the wait)`,
    ],
    extra: { offeredRate: plan.fireRate, sent, accepted, refused: failed, ...counts, drainMs },
  };
}

/** Polls until `expected` rule activations of `echo` exist, progress stops for 15 s, or `timeoutMs` passes. */
async function waitForActions(ctx: BenchContext, expected: number, timeoutMs: number): Promise<number> {
  const until = Date.now() + timeoutMs;
  let last = -1;
  let lastChange = Date.now();
  for (;;) {
    const r = await ctx.db.query<{ n: string }>(`SELECT count(*) AS n FROM activations WHERE namespace = $1 AND name = 'echo' AND cause IS NOT NULL`, [ctx.namespace]);
    const n = Number(r.rows[0].n);
    if (n !== last) lastChange = Date.now();
    last = n;
    if (n >= expected || Date.now() > until || Date.now() - lastChange > 15_000) return n;
    await sleep(250);
  }
}

/**
 * Per fire (trigger activation id = the action activation's `cause`): trigger records, action records, fires with no
 * action record (lost), extra records for one fire (duplicated), records that are errors, and distinct `seq` echoed.
 */
async function countPerFire(ctx: BenchContext, triggerIds: string[]): Promise<Record<'triggerRows' | 'actionRows' | 'lost' | 'duplicated' | 'failed' | 'distinctSeqs', number>> {
  const t = await ctx.db.query<{ n: string }>('SELECT count(*) AS n FROM activations WHERE activation_id = ANY($1)', [triggerIds]);
  const a = await ctx.db.query<{ rows: string; causes: string; failed: string; seqs: string }>(
    `SELECT count(*) AS rows, count(DISTINCT cause) AS causes, count(*) FILTER (WHERE status_code <> 0) AS failed,
            count(DISTINCT response->'result'->>'seq') AS seqs
       FROM activations WHERE cause = ANY($1)`,
    [triggerIds],
  );
  const row = a.rows[0];
  return {
    triggerRows: Number(t.rows[0].n),
    actionRows: Number(row.rows),
    lost: triggerIds.length - Number(row.causes),
    duplicated: Number(row.rows) - Number(row.causes),
    failed: Number(row.failed),
    distinctSeqs: Number(row.seqs),
  };
}
