import type { WispConfig } from '@wisp/core';
import { ClusterCounters } from './cluster-counters';
import type { CountDelta, OthersCount, ThrottleCountsStore } from './throttle-counts.store';

/** The shared counters of several controllers, in memory: what `ThrottleCountsStore` keeps in PostgreSQL. */
class SharedCounts {
  readonly rows = new Map<string, number>();
  readonly seen = new Map<string, number>();

  storeFor(controllerId: string): ThrottleCountsStore {
    return {
      write: async (id: string, deltas: CountDelta[], now: number) => {
        this.seen.set(id, now);
        for (const d of deltas) {
          const key = `${d.namespace}|${d.kind}|${id}|${d.second}`;
          this.rows.set(key, d.second === 0 ? d.count : (this.rows.get(key) ?? 0) + d.count);
        }
      },
      others: async (id: string, namespaces: string[]): Promise<OthersCount[]> => {
        const sums = new Map<string, OthersCount>();
        for (const [key, count] of this.rows) {
          const [namespace, kind, owner] = key.split('|');
          if (owner === id || !namespaces.includes(namespace)) continue;
          const k = `${kind}|${namespace}`;
          sums.set(k, { namespace, kind, total: (sums.get(k)?.total ?? 0) + count });
        }
        return [...sums.values()];
      },
      liveControllers: async (id: string) => 1 + [...this.seen.keys()].filter((k) => k !== id).length,
      sweep: async () => undefined,
      leave: async () => undefined,
    } as unknown as ThrottleCountsStore;
  }
}

function controller(shared: SharedCounts, id: string): ClusterCounters {
  return new ClusterCounters(shared.storeFor(id), { controllerId: id } as WispConfig);
}

async function admitMany(c: ClusterCounters, n: number, limit: number, ns = 'ns'): Promise<number> {
  let admitted = 0;
  for (let i = 0; i < n; i++) if ((await c.admitRate('invoke', ns, limit)).admitted) admitted++;
  return admitted;
}

describe('ClusterCounters (shares of one limit across controllers)', () => {
  it('alone, admits exactly the limit and reports the count it would have made', async () => {
    const a = controller(new SharedCounts(), 'a');
    expect(await admitMany(a, 5, 5)).toBe(5);
    expect(await a.admitRate('invoke', 'ns', 5)).toEqual({ admitted: false, count: 6 });
  });

  it('two controllers share one limit: together they never pass it', async () => {
    const shared = new SharedCounts();
    const a = controller(shared, 'a');
    const b = controller(shared, 'b');
    await a.admitRate('invoke', 'other', 1000); // both known to each other before the namespace is used
    await b.admitRate('invoke', 'other', 1000);
    const both = await Promise.all([admitMany(a, 40, 30), admitMany(b, 40, 30)]);
    expect(both[0] + both[1]).toBe(30);
  });

  it('gives a busy controller what an idle live one does not use', async () => {
    const shared = new SharedCounts();
    const a = controller(shared, 'a');
    const b = controller(shared, 'b');
    await b.admitRate('invoke', 'elsewhere', 1000); // b is live but never serves ns
    expect(await admitMany(a, 40, 30)).toBe(30);
  });

  it('counts an in-flight gauge with the others\' claims', async () => {
    const shared = new SharedCounts();
    const a = controller(shared, 'a');
    const b = controller(shared, 'b');
    let runningA = 0;
    let runningB = 0;
    await a.admitRate('invoke', 'x', 1000);
    await b.admitRate('invoke', 'x', 1000);
    const start = async (c: ClusterCounters, inc: () => void, get: () => number) => ((await c.admitGauge('inflight', 'ns', 4, get)).admitted ? (inc(), 1) : 0);
    let admitted = 0;
    for (let i = 0; i < 6; i++) {
      admitted += await start(a, () => runningA++, () => runningA);
      admitted += await start(b, () => runningB++, () => runningB);
    }
    expect(admitted).toBe(4);
  });
});
