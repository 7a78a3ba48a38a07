import { since } from './stats';

/** Latencies (ms) and the wall time of a load run. */
export interface LoadResult {
  latencies: number[];
  errors: number;
  firstError?: string;
  elapsedMs: number;
  /** Completed operations per second. */
  rate: number;
}

/** Runs `op` one at a time, `count` times, stopping early after `maxMs`. */
export async function sequential(count: number, maxMs: number, op: (i: number) => Promise<unknown>): Promise<LoadResult> {
  return concurrent(1, maxMs, op, count);
}

/** `workers` loops each calling `op(i, worker)` back to back for `durationMs` (or until `count` operations started). */
export async function concurrent(workers: number, durationMs: number, op: (i: number, worker: number) => Promise<unknown>, count = Infinity): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let started = 0;
  const begin = process.hrtime.bigint();
  const until = Date.now() + durationMs;
  const loop = async (worker: number) => {
    while (Date.now() < until && started < count) {
      const i = started++;
      const t = process.hrtime.bigint();
      try {
        await op(i, worker);
        latencies.push(since(t));
      } catch (e) {
        errors++;
        firstError ??= (e as Error).message;
      }
    }
  };
  await Promise.all(Array.from({ length: workers }, (_, w) => loop(w)));
  const elapsedMs = since(begin);
  return { latencies, errors, firstError, elapsedMs, rate: latencies.length / (elapsedMs / 1000) };
}
