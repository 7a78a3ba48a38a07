import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { BENCH } from '../config';
import { ScenarioResult } from '../context';

/** 9: feed latency (MQTT, PostgreSQL, GitHub webhook → action start); skipped until feed providers are built. */
export async function feedLatency(): Promise<ScenarioResult> {
  const dir = join(BENCH.repoRoot, 'dist/libs/feeds/src');
  const providers = existsSync(dir) ? readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('.feed-provider.js')) : [];
  return {
    id: 9,
    name: 'Feed latency',
    wisp: [],
    headline: '',
    target: 'reported beside MQTT/PG/webhook floors',
    notes: [],
    skipped: providers.length === 0 ? 'not yet available (no feed providers built)' : `not yet measured (providers present: ${providers.join(', ')})`,
  };
}
