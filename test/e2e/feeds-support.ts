import { http } from '../support/http';
import type { TestNamespace } from '../support/namespaces';

/** Helpers shared by the feeds suites (not a suite itself: no `.e2e.ts` suffix). */

export const ALARM = '/whisk.system/alarms/alarm';
export const ONCE = '/whisk.system/alarms/once';
export const INTERVAL = '/whisk.system/alarms/interval';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Creates a trigger annotated with its feed (as `wsk trigger create --feed` does), an action and a rule. */
export async function triggerWithRule(t: TestNamespace, trigger: string, feed: string, action = 'record'): Promise<void> {
  const r = await http('PUT', `/api/v1/namespaces/_/triggers/${trigger}`, { key: t.key, body: { annotations: [{ key: 'feed', value: feed }] } });
  if (r.status !== 200) throw new Error(`PUT trigger → ${r.status} ${JSON.stringify(r.body)}`);
  await t.ow.rules.create({ name: `${trigger}-rule`, trigger, action });
}

/** Full trigger activation records of `trigger` (newest first). */
export async function triggerActivations(key: string, trigger: string): Promise<any[]> {
  const r = await http('GET', `/api/v1/namespaces/_/activations?name=${trigger}&docs=true&limit=200`, { key });
  if (r.status !== 200) throw new Error(`list activations → ${r.status}`);
  return r.body;
}

/** Polls until `trigger` has at least `n` activations; returns them. */
export async function waitForFires(key: string, trigger: string, n: number, timeoutMs = 20_000): Promise<any[]> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const list = await triggerActivations(key, trigger);
    if (list.length >= n) return list;
    if (Date.now() > until) throw new Error(`${trigger}: ${list.length} of ${n} fires within ${timeoutMs} ms`);
    await sleep(250);
  }
}

/** Invokes the feed action with a lifecycle event the client has no method for (PAUSE, UNPAUSE). */
export function lifecycle(t: TestNamespace, feed: string, trigger: string, event: string, params: Record<string, unknown> = {}) {
  return t.ow.actions.invoke({ name: feed, blocking: true, result: true, params: { lifecycleEvent: event, triggerName: `/${t.namespace}/${trigger}`, authKey: t.key, ...params } });
}

/** How many activations each scheduled time produced. */
export function countByScheduledTime(records: any[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of records) {
    const at = r.response?.result?.scheduledTime as string;
    counts.set(at, (counts.get(at) ?? 0) + 1);
  }
  return counts;
}
