import type Docker from 'dockerode';
import type { Client } from 'pg';
import type { Api } from './api';
import type { BenchPlan } from './config';
import type { Measure } from './stats';

/** What every scenario gets: the API as a user, the engine and database for floors and counts, and earlier figures. */
export interface BenchContext {
  plan: BenchPlan;
  namespace: string;
  api: Api;
  docker: Docker;
  db: Client;
  /** The API as another tenant: a namespace of its own, created on first use under `suffix`. */
  otherTenant: (suffix: string) => Promise<Api>;
  /** Figures later scenarios compare against (warm invoke, single-action throughput, row counts over time). */
  shared: { warm?: Measure; single?: Measure; rowSamples?: { t: number; rows: number }[] };
}

/** One scenario's outcome: Wisp's figures, its floor, the ratio and whether the target is met. */
export interface ScenarioResult {
  id: number;
  name: string;
  wisp: Measure[];
  floor?: Measure;
  /** Per-figure floors where one scenario measures several sources (9): `floors[i]` is the floor of `wisp[i]`. */
  floors?: (Measure | undefined)[];
  /** Wisp over floor, in the sense the target uses (latency: p50 ratio; throughput: rate ratio). */
  ratio?: number;
  headline: string;
  target: string;
  met?: boolean;
  notes: string[];
  extra?: Record<string, unknown>;
  skipped?: string;
  error?: string;
}

/** A no-op action: what the overhead scenarios invoke. */
export const NOOP = 'function main() { return {}; }';
/** Echoes `seq`, so lost and duplicated activations can be counted per fire. */
export const ECHO_SEQ = 'function main(p) { return { seq: p.seq }; }';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
