import type { ChildProcess } from 'node:child_process';
import { putAction } from '../support/actions';
import { E2E } from '../support/e2e-env';
import { createTestNamespace, type TestNamespace } from '../support/namespaces';
import openwhisk from 'openwhisk';
import { stackEnv, startProcess, waitForHttp } from '../support/stack';
import { ALARM, countByScheduledTime, sleep, triggerActivations, triggerWithRule, waitForFires } from './feeds-support';
import { queryOnce } from '../support/sql';

const SECOND_PORT = E2E.port + 18;
const SECOND_ID = `${E2E.controllerId}-2`;

/** The controller id part of the runner holding the subscription of `trigger` (runner ids are `<controllerId>/<random>`). */
async function leaseHolder(namespace: string, trigger: string): Promise<string | undefined> {
  const rows = await queryOnce<{ lease_owner: string | null }>(E2E.databaseUrl, 'SELECT lease_owner FROM feed_subscriptions WHERE trigger_namespace = $1 AND trigger_name = $2', [namespace, trigger]);
  return rows[0]?.lease_owner?.split('/')[0];
}

describe('feeds with two API processes', () => {
  let t: TestNamespace;
  let second: ChildProcess | undefined;

  beforeAll(async () => {
    t = await createTestNamespace('replicas');
    await putAction(t.key, 'record', 'function main(p){ return { seen: p } }');
    second = startProcess('api-2', 'dist/apps/api/src/main.js', stackEnv({ WISP_API_PORT: String(SECOND_PORT), WISP_CONTROLLER_ID: SECOND_ID }));
    await waitForHttp(`http://127.0.0.1:${SECOND_PORT}/ping`, 30_000, second);
  });

  afterAll(() => {
    if (second && second.exitCode === null) second.kill('SIGKILL');
  });

  it('fires every tick exactly once; when the holder is killed the other process continues within 15 s', async () => {
    await triggerWithRule(t, 'shared-tick', ALARM);
    // CREATE through the second process: it takes the lease, so killing it exercises the takeover.
    const viaSecond: any = openwhisk({ apihost: `http://127.0.0.1:${SECOND_PORT}`, api_key: t.key });
    await viaSecond.feeds.create({ name: ALARM, trigger: 'shared-tick', params: { cron: '* * * * * *' } });
    expect(await leaseHolder(t.namespace, 'shared-tick')).toBe(SECOND_ID);
    await waitForFires(t.key, 'shared-tick', 5);
    await sleep(4000); // two lease syncs: the first process saw the subscription and must not fire it

    second!.kill('SIGKILL');
    const killedAt = Date.now();
    let takenOver: number | undefined;
    while (Date.now() - killedAt < 20_000) {
      const fires = await triggerActivations(t.key, 'shared-tick');
      const after = fires.filter((f) => Date.parse(f.response.result.scheduledTime) > killedAt + 500);
      if (after.length > 0) {
        takenOver = Math.min(...after.map((f) => Date.parse(f.response.result.scheduledTime))) - killedAt;
        break;
      }
      await sleep(250);
    }
    console.log(`feed takeover after kill: ${takenOver} ms`);
    expect(takenOver).toBeDefined();
    expect(takenOver!).toBeLessThan(15_000);
    expect(await leaseHolder(t.namespace, 'shared-tick')).toBe(E2E.controllerId);
    await sleep(3000);

    const fires = await triggerActivations(t.key, 'shared-tick');
    const counts = countByScheduledTime(fires);
    const duplicates = [...counts].filter(([, n]) => n > 1);
    expect(duplicates).toEqual([]);
    // Ticks are not replayed after the takeover (policy): the gap holds no fires, and there are no duplicates.
    expect(counts.size).toBe(fires.length);
    await t.ow.feeds.delete({ name: ALARM, trigger: 'shared-tick' });
  });
});
