import { randomUUID } from 'node:crypto';
import { type FeedEventMeta, type FeedProvider, type FeedSubscription, FeedValidationError } from '../feed-provider';
import type { FeedConnector } from '../egress/feed-connector';
import { testConnector } from './test-egress';

/** One provider under test, as {@link describeFeedProviderContract} needs it. */
export interface FeedProviderContractSubject<C = Record<string, unknown>> {
  provider: FeedProvider<C>;
  /** Parameters that validate (a function, so dates can lie in the future when each test runs). */
  validParams(): Record<string, unknown>;
  /** Invalid parameter sets, each with the parameter its error message must name. */
  invalidParams: { params: Record<string, unknown>; names: string }[];
  /** Makes the source produce one event for a started subscription (hook and connection providers); timers omit it. */
  produceEvent?(sub: FeedSubscription<C>): Promise<void>;
  /** How long an event may take after `start` (and `produceEvent`), ms. Default 3000. */
  eventWithinMs?: number;
  /** How long "no event" is watched for after `stop`/`pause`, ms. Default 1500. */
  quietMs?: number;
  /** The connector subscriptions get (default: {@link testConnector}, loopback allowed). */
  egress?: FeedConnector;
  /** Called after each test (close connections, remove hooks). */
  cleanup?(): Promise<void>;
}

/** Records what a started subscription emitted and reported. */
class Recorder {
  readonly events: { event: Record<string, unknown>; meta?: FeedEventMeta; at: number }[] = [];
  readonly reports: string[] = [];
  readonly emit = async (event: Record<string, unknown>, meta?: FeedEventMeta) => {
    this.events.push({ event, meta, at: Date.now() });
  };
  readonly report = (reason: string) => {
    this.reports.push(reason);
  };

  async waitForEvents(n: number, withinMs: number): Promise<void> {
    const until = Date.now() + withinMs;
    while (this.events.length < n) {
      if (Date.now() > until) throw new Error(`expected ${n} event(s) within ${withinMs} ms, got ${this.events.length}; reports: ${JSON.stringify(this.reports)}`);
      await sleep(20);
    }
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The behaviour every {@link FeedProvider} guarantees (see the SPI's TSDoc), written once and run against each
 * implementation: `describeFeedProviderContract('alarm', () => ({ provider: new AlarmFeedProvider(), … }))`.
 */
export function describeFeedProviderContract<C>(name: string, make: () => FeedProviderContractSubject<C> | Promise<FeedProviderContractSubject<C>>): void {
  describe(`FeedProvider contract: ${name}`, () => {
    let s: FeedProviderContractSubject<C>;
    const started: FeedSubscription<C>[] = [];

    beforeEach(async () => {
      s = await make();
    });

    afterEach(async () => {
      for (const sub of started.splice(0)) await s.provider.stop(sub);
      await s.cleanup?.();
    });

    const newSub = (config: C): FeedSubscription<C> => {
      const id = randomUUID();
      return { id, target: { namespace: 'contract', name: `t-${id.slice(0, 8)}`, ownerUuid: randomUUID() }, config, egress: s.egress ?? testConnector() };
    };
    const created = async () => {
      const sub = newSub(s.provider.validate(s.validParams()));
      sub.config = await s.provider.create(sub);
      return sub;
    };
    const start = async (sub: FeedSubscription<C>, rec: Recorder) => {
      started.push(sub);
      await s.provider.start(sub, rec.emit, rec.report);
      if (s.produceEvent) await s.produceEvent(sub);
    };
    const within = () => s.eventWithinMs ?? 3000;
    const quiet = () => s.quietMs ?? 1500;

    it('has a kind', () => {
      expect(typeof s.provider.kind).toBe('string');
      expect(s.provider.kind.length).toBeGreaterThan(0);
    });

    it('validate returns a JSON-storable config for valid parameters', () => {
      const config = s.provider.validate(s.validParams());
      expect(JSON.parse(JSON.stringify(config))).toEqual(config);
    });

    it('validate rejects each invalid parameter with a FeedValidationError naming it', () => {
      expect(s.invalidParams.length).toBeGreaterThan(0);
      for (const { params, names } of s.invalidParams) {
        let error: unknown;
        try {
          s.provider.validate(params);
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(FeedValidationError);
        expect((error as Error).message).toContain(names);
      }
    });

    it('create is idempotent for the same subscription', async () => {
      const sub = await created();
      const again = await s.provider.create(sub);
      expect(again).toEqual(sub.config);
      await s.provider.delete(sub);
    });

    it('delete is idempotent, also for a subscription whose create never ran', async () => {
      const sub = await created();
      await s.provider.delete(sub);
      await s.provider.delete(sub);
      await s.provider.delete(newSub(s.provider.validate(s.validParams())));
    });

    it('read answers a plain object', async () => {
      const sub = await created();
      const details = await s.provider.read(sub);
      expect(details).toEqual(expect.any(Object));
      await s.provider.delete(sub);
    });

    it('start delivers events through emit; after stop resolved nothing more is emitted', async () => {
      const sub = await created();
      const rec = new Recorder();
      await start(sub, rec);
      await rec.waitForEvents(1, within());
      expect(rec.events[0].event).toEqual(expect.any(Object));
      await s.provider.stop(sub);
      const n = rec.events.length;
      await sleep(quiet());
      expect(rec.events.length).toBe(n);
      await s.provider.delete(sub);
    });

    it('stop is idempotent and safe for a subscription never started', async () => {
      const sub = await created();
      await s.provider.stop(sub);
      await s.provider.stop(sub);
      await s.provider.delete(sub);
    });

    it('nothing fires while paused; after resume and start events flow again', async () => {
      const sub = await created();
      const rec = new Recorder();
      started.push(sub);
      await s.provider.start(sub, rec.emit, rec.report);
      await s.provider.pause(sub);
      await s.provider.stop(sub);
      const n = rec.events.length;
      await sleep(quiet());
      expect(rec.events.length).toBe(n);
      await s.provider.resume(sub);
      await start(sub, rec);
      await rec.waitForEvents(n + 1, within());
      await s.provider.stop(sub);
      await s.provider.delete(sub);
    });
  });
}
