/** A measured figure: latency percentiles (ms) of its samples and, for load runs, the rate achieved. */
export interface Measure {
  label: string;
  n: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  /** Operations per second, for throughput figures. */
  rate?: number;
  /** Samples kept for the chart (at most 2,000, evenly picked). */
  samples: number[];
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export function measure(label: string, values: number[], rate?: number): Measure {
  const sorted = [...values].sort((a, b) => a - b);
  const step = Math.max(1, sorted.length / 2000);
  const samples: number[] = [];
  for (let i = 0; i < sorted.length; i += step) samples.push(round(sorted[Math.floor(i)]));
  return {
    label,
    n: sorted.length,
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    mean: round(sorted.reduce((a, b) => a + b, 0) / (sorted.length || 1)),
    rate: rate === undefined ? undefined : round(rate),
    samples,
  };
}

export function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Milliseconds since `start` (a `process.hrtime.bigint()` reading). */
export function since(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}
