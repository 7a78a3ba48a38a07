import { join } from 'node:path';

/** Where the bench stack listens and stores: its own port, database, ids and socket dir, so no other stack is disturbed. */
export const BENCH = {
  port: 3298,
  get apihost() {
    return `http://127.0.0.1:${this.port}`;
  },
  databaseUrl: 'postgres://postgres@127.0.0.1:5432/wisp_bench',
  /** The tenant database the PostgreSQL feed reads (feeds may never read Wisp's own); created and dropped by the scenario. */
  feedDatabaseUrl: 'postgres://postgres@127.0.0.1:5432/wisp_bench_feed',
  /** A vhost of its own: invokers announce themselves on a fanout, and no other stack may see (or feed) the bench's. */
  vhost: 'wisp-bench',
  amqpUrl: 'amqp://guest:guest@127.0.0.1:5672/wisp-bench',
  dockerSocket: '/var/run/docker.sock',
  /** The runtime image under test (WISP_RUNTIME_IMAGE, as for the invoker). */
  image: process.env.WISP_RUNTIME_IMAGE ?? 'wisp/action-nodejs:20',
  invokerId: 'bench-invoker0',
  controllerId: 'bench-controller',
  containerDir: '/tmp/wisp-bench/containers',
  logDir: '/tmp/wisp-bench/logs',
  repoRoot: join(__dirname, '..', '..', '..'),
  /** Stem cells the invoker keeps (nodejs:20, 256 MB); warm actions use 128 MB so they never take one. */
  prewarmCount: 2,
  /**
   * 32 slots of 128 MB. Invoker memory must fit the host, as in OpenWhisk: on 2 cores, 128 slots let one action run
   * 128 containers at once and throughput falls to a third. 100 distinct warm actions (scenario 7) need 16384
   * (override: BENCH_INVOKER_MEMORY_MB).
   */
  invokerMemoryMb: Number(process.env.BENCH_INVOKER_MEMORY_MB ?? 4096),
} as const;

/** Counts and durations of one run; `--quick` shrinks every bounded loop. */
export interface BenchPlan {
  quick: boolean;
  /** Sequential samples for latency scenarios (1, 5). */
  sequential: number;
  /** Length of each throughput window (2, 7), ms. */
  throughputMs: number;
  /** Cold and prewarm samples (3, 4). */
  startSamples: number;
  /** Sustained-fire window (6), ms, and its offered rate. */
  sustainMs: number;
  fireRate: number;
  /** Longest wait for the sustained backlog to drain, ms. */
  drainMs: number;
  /** Distinct actions for scenario 7. */
  manyActions: number;
  /** Length of each floor measurement by time (RabbitMQ, PostgreSQL), ms. */
  floorMs: number;
}

export function benchPlan(quick: boolean): BenchPlan {
  return quick
    ? { quick, sequential: 100, throughputMs: 5_000, startSamples: 3, sustainMs: 5_000, fireRate: 2000, drainMs: 30_000, manyActions: 20, floorMs: 2_000 }
    : { quick, sequential: 500, throughputMs: 20_000, startSamples: 8, sustainMs: 30_000, fireRate: 2000, drainMs: 120_000, manyActions: 100, floorMs: 5_000 };
}
