import { buildIsolationFixture, ownerSnapshot, type IsolationFixture } from '../support/isolation/isolation-fixture';
import { isolationProbes, type Probe, routeKeyOf } from '../support/isolation/isolation-probes';
import { judge } from '../support/isolation/isolation-verdict';
import { rawRequest } from '../support/isolation/raw-request';
import { apiRouteTable } from '../support/route-table';

/**
 * Issue #14 §5: with a key of namespace B, every route of the API (read from Nest's route table of the built app, so a
 * new route fails this test until the matrix covers it) is tried against namespace A's private entities under every
 * form of A's name. Nothing of A may be read, written, invoked, fired or listed; A's published package is the one
 * documented exception. Afterwards A's state, as A sees it, must be exactly what it was.
 */
describe('namespace isolation matrix', () => {
  let fx: IsolationFixture;
  let probes: Probe[];
  beforeAll(async () => {
    fx = await buildIsolationFixture();
    probes = isolationProbes(fx);
  }, 120_000);

  it('covers every route of the route table, and only routes that exist', () => {
    const table = apiRouteTable().map((r) => r.key);
    expect(table.length).toBeGreaterThanOrEqual(39);
    const probed = new Set(probes.map(routeKeyOf));
    expect(table.filter((k) => !probed.has(k))).toEqual([]);
    expect([...probed].filter((k) => !table.includes(k))).toEqual([]);
  });

  it('refuses B everything of A but the published package, and leaves A unchanged', async () => {
    const before = await ownerSnapshot(fx);
    const breaches: string[] = [];
    const counts = { tried: 0, refused: 0, allowed: 0, breaches: 0 };
    const pairs = new Set<string>();
    for (const probe of probes) {
      const key = probe.key === null ? undefined : (probe.key ?? fx.b.key);
      const answer = await rawRequest(probe.method, probe.path, { key, body: probe.body, headers: probe.headers });
      const verdict = judge(probe, answer, fx.secret);
      counts.tried++;
      pairs.add(`${probe.method} ${routeKeyOf(probe)}`);
      if (verdict.kind === 'refused') counts.refused++;
      else if (verdict.kind === 'allowed') counts.allowed++;
      else {
        counts.breaches++;
        breaches.push(`${probe.method} ${probe.path} → ${answer.status}: ${verdict.reason} ${answer.text.slice(0, 400)}`);
      }
    }
    const after = await ownerSnapshot(fx);
    if (JSON.stringify(after) !== JSON.stringify(before)) {
      counts.breaches++;
      breaches.push(`A's state changed: before ${JSON.stringify(before)} after ${JSON.stringify(after)}`);
    }
    console.log(
      `isolation matrix: ${apiRouteTable().length} routes, ${pairs.size} route×method pairs, ${counts.tried} requests; ` +
        `refused ${counts.refused}, allowed as documented ${counts.allowed}, breaches ${counts.breaches}` +
        (breaches.length ? `\n${breaches.join('\n')}` : ''),
    );
    expect(breaches).toEqual([]);
  }, 600_000);
});
