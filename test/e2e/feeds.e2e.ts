import { putAction, waitForActivation } from '../support/actions';
import { http } from '../support/http';
import { createTestNamespace, type TestNamespace } from '../support/namespaces';
import { ALARM, countByScheduledTime, INTERVAL, lifecycle, ONCE, sleep, triggerActivations, triggerWithRule, waitForFires } from './feeds-support';

describe('feeds: the alarms package through the openwhisk client', () => {
  let t: TestNamespace;
  beforeAll(async () => {
    t = await createTestNamespace('feeds');
    await putAction(t.key, 'record', 'function main(p){ return { seen: p } }');
  });

  it('alarm: a 6-field every-second cron fires the trigger, and the rule runs the action with the payload', async () => {
    await triggerWithRule(t, 'tick', ALARM);
    const created = await t.ow.feeds.create({ name: ALARM, trigger: 'tick', params: { cron: '* * * * * *', trigger_payload: { who: 'alarm' } } });
    expect(created.response.success).toBe(true);
    const fires = await waitForFires(t.key, 'tick', 2);
    const fire = fires[fires.length - 1];
    expect(fire.response.result).toMatchObject({ who: 'alarm', scheduledTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/) });
    const line = JSON.parse(fire.logs[0]);
    expect(line).toMatchObject({ success: true, rule: `${t.namespace}/tick-rule` });
    const action = await waitForActivation(t.key, line.activationId);
    expect(action.response.result.seen).toMatchObject({ who: 'alarm', scheduledTime: fire.response.result.scheduledTime });
    // Fire latency: when the trigger activation started vs. the tick it stands for.
    const lag = fires.map((f) => f.start - Date.parse(f.response.result.scheduledTime));
    console.log(`alarm fire latency ms (trigger record start - scheduled time): ${lag.join(', ')}`);
    expect(Math.max(...lag)).toBeLessThan(1000);

    const read = await t.ow.feeds.get({ name: ALARM, trigger: 'tick' });
    expect(read.response.result.config).toMatchObject({ name: 'tick', namespace: t.namespace, cron: '* * * * * *' });
    expect(read.response.result.status).toMatchObject({ active: true, firedCount: expect.any(Number) });
    expect(read.response.result.status.firedCount).toBeGreaterThanOrEqual(2);

    // PAUSE stops firing, READ shows it; UNPAUSE resumes.
    expect(await lifecycle(t, ALARM, 'tick', 'PAUSE')).toMatchObject({ status: 'success' });
    await sleep(1500);
    const paused = (await triggerActivations(t.key, 'tick')).length;
    await sleep(3000);
    expect((await triggerActivations(t.key, 'tick')).length).toBe(paused);
    expect((await t.ow.feeds.get({ name: ALARM, trigger: 'tick' })).response.result.status).toMatchObject({ active: false, reason: 'paused' });
    await lifecycle(t, ALARM, 'tick', 'UNPAUSE');
    await waitForFires(t.key, 'tick', paused + 2);

    // Every tick fired once.
    for (const [at, n] of countByScheduledTime(await triggerActivations(t.key, 'tick'))) expect([at, n]).toEqual([at, 1]);

    // DELETE (as the client does) stops firing.
    await t.ow.feeds.delete({ name: ALARM, trigger: 'tick' });
    await sleep(1500);
    const deleted = (await triggerActivations(t.key, 'tick')).length;
    await sleep(2500);
    expect((await triggerActivations(t.key, 'tick')).length).toBe(deleted);
    await expect(t.ow.feeds.get({ name: ALARM, trigger: 'tick' })).rejects.toMatchObject({ statusCode: 502 });
  });

  it('alarm: a bad cron is refused with a clear error and leaves no subscription', async () => {
    await triggerWithRule(t, 'badcron', ALARM);
    const err = await t.ow.feeds.create({ name: ALARM, trigger: 'badcron', params: { cron: '61 * * * *' } }).catch((e: any) => e);
    expect(err.statusCode).toBe(502);
    expect(err.message).toMatch(/cron is not a valid cron expression/);
    const read = await t.ow.feeds.get({ name: ALARM, trigger: 'badcron' }).catch((e: any) => e);
    expect(read.message).toMatch(/has no feed/);
    // A missing trigger and a bad key are refused too.
    expect((await t.ow.feeds.create({ name: ALARM, trigger: 'nosuch', params: { cron: '* * * * *' } }).catch((e: any) => e)).message).toMatch(/does not exist/);
    const badKey = await t.ow.actions.invoke({ name: ALARM, blocking: true, params: { lifecycleEvent: 'CREATE', triggerName: `/${t.namespace}/badcron`, authKey: 'x:y', cron: '* * * * *' } }).catch((e: any) => e);
    expect(badKey.message).toMatch(/authKey is not valid/);
  });

  it('once: fires a single time at its date, then the feed is inactive; deleteAfterFire deletes the trigger', async () => {
    await triggerWithRule(t, 'one-shot', ONCE);
    const date = new Date(Date.now() + 2000).toISOString();
    await t.ow.feeds.create({ name: ONCE, trigger: 'one-shot', params: { date, trigger_payload: 'hello', deleteAfterFire: 'true' } });
    const fires = await waitForFires(t.key, 'one-shot', 1);
    expect(fires[0].response.result).toEqual({ payload: 'hello', scheduledTime: new Date(Date.parse(date)).toISOString() });
    await waitForActivation(t.key, JSON.parse(fires[0].logs[0]).activationId);
    // deleteAfterFire: the trigger goes, and its feed with it.
    const until = Date.now() + 10_000;
    while ((await http('GET', '/api/v1/namespaces/_/triggers/one-shot', { key: t.key })).status !== 404) {
      if (Date.now() > until) throw new Error('trigger not deleted after fire');
      await sleep(200);
    }
    await sleep(1500);
    expect(await triggerActivations(t.key, 'one-shot')).toHaveLength(1);
  });

  it('interval: fires at startDate (then every N minutes) and READ shows the next time', async () => {
    await triggerWithRule(t, 'every', INTERVAL);
    const startDate = new Date(Date.now() + 2000).toISOString();
    await t.ow.feeds.create({ name: INTERVAL, trigger: 'every', params: { minutes: 1, startDate } });
    const fires = await waitForFires(t.key, 'every', 1);
    expect(fires[0].response.result.scheduledTime).toBe(new Date(Date.parse(startDate)).toISOString());
    await waitForActivation(t.key, JSON.parse(fires[0].logs[0]).activationId);
    const read = (await t.ow.feeds.get({ name: INTERVAL, trigger: 'every' })).response.result;
    expect(read.status).toMatchObject({ active: true, firedCount: 1 });
    expect(Date.parse(read.details.nextScheduledTime)).toBe(Date.parse(startDate) + 60_000);
    expect((await t.ow.feeds.update({ name: INTERVAL, trigger: 'every', params: { minutes: 0 } }).catch((e: any) => e)).message).toMatch(/minutes must be an integer greater than 0/);
  });

  it('deleting a trigger with a feed deletes the feed server-side', async () => {
    await triggerWithRule(t, 'doomed', ALARM);
    await t.ow.feeds.create({ name: ALARM, trigger: 'doomed', params: { cron: '* * * * * *' } });
    await waitForFires(t.key, 'doomed', 1);
    await t.ow.triggers.delete({ name: 'doomed' });
    await sleep(1500);
    const n = (await triggerActivations(t.key, 'doomed')).length;
    // A new trigger of the same name starts without a feed.
    await http('PUT', '/api/v1/namespaces/_/triggers/doomed', { key: t.key, body: {} });
    expect((await t.ow.feeds.get({ name: ALARM, trigger: 'doomed' }).catch((e: any) => e)).message).toMatch(/has no feed/);
    await sleep(2000);
    expect((await triggerActivations(t.key, 'doomed')).length).toBe(n);
  });
});
