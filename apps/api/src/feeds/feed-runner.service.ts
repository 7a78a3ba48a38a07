import { randomUUID } from 'node:crypto';
import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { SystemLimits, WISP_CONFIG, withLogContext, type WispConfig } from '@wisp/core';
import { type FeedEventMeta, type FeedProvider, FeedProviderRegistry, type FeedSubscription } from '@wisp/feeds';
import { SubjectService } from '../auth/subject.service';
import { type FeedEventEntry, FeedEventLedger } from '../fire/feed-event-ledger';
import { fireEventOf } from '../fire/fire-event';
import { TriggerFireService } from '../fire/trigger-fire.service';
import { ActivityMetrics } from '../metrics/activity.metrics';
import { TriggersService } from '../triggers/triggers.service';
import { classifyFireError, FIRE_RETRY_DELAYS_MS } from './feed-fire-policy';
import { FeedSubscriptionFactory } from './feed-subscription.factory';
import { FeedSubscriptionStore, type SubscriptionRow } from './feed-subscription.store';

/** A lease lasts this long without renewal, ms; a killed process's subscriptions move after at most LEASE + SYNC. */
export const FEED_LEASE_MS = 9_000;
/** How often leases are renewed and free subscriptions taken, ms. */
export const FEED_SYNC_MS = 2_000;
/** Most subscriptions taken in one sync. */
const ACQUIRE_BATCH = 200;

interface Started {
  row: SubscriptionRow;
  sub: FeedSubscription;
  provider: FeedProvider;
  stopping: boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const triggerPath = (row: SubscriptionRow) => `/${row.triggerNamespace}/${row.triggerName}`;

/**
 * Runs feed subscriptions in this API process. Each active subscription is leased to exactly one process through
 * `lease_owner`/`lease_expires` (renewed every {@link FEED_SYNC_MS}, expiring after {@link FEED_LEASE_MS}, taken over
 * when expired), started with its provider here, and stopped when the lease is lost, the subscription is paused,
 * updated or deleted. Every event is claimed in the database by the lease holder before it fires (timer ticks: only
 * when newer than the last fired), so replicas never double-fire even while a lease changes hands. Fires go through
 * {@link TriggerFireService} as the subscription's owner, with retries for transient failures; a permanent failure
 * (trigger gone, key revoked) disables the subscription with the reason, which READ shows. An event with a durable
 * identity (`meta.eventKey`) fires exactly once through the {@link FeedEventLedger}: a repeat of a fired one is
 * acknowledged without firing, a repeat of one whose fire never settled fires again with the same ids.
 */
@Injectable()
export class FeedRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(FeedRunner.name);
  /** Unique per process run, so a restarted process with the same controller id never mistakes old leases for its own. */
  readonly runnerId: string;
  private readonly started = new Map<string, Started>();
  private timer?: NodeJS.Timeout;
  private syncing?: Promise<void>;
  private again = false;
  private closed = false;

  constructor(
    private readonly store: FeedSubscriptionStore,
    private readonly registry: FeedProviderRegistry,
    private readonly subjects: SubjectService,
    private readonly fires: TriggerFireService,
    private readonly metrics: ActivityMetrics,
    private readonly triggers: TriggersService,
    private readonly subs: FeedSubscriptionFactory,
    private readonly ledger: FeedEventLedger,
    @Inject(WISP_CONFIG) config: WispConfig,
  ) {
    this.runnerId = `${config.controllerId}/${randomUUID().slice(0, 8)}`;
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.poke(), FEED_SYNC_MS);
    this.poke();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    await this.syncing;
    await Promise.all([...this.started.keys()].map((id) => this.stopLocal(id)));
    await this.store.release(this.runnerId).catch((e: Error) => this.logger.warn(`could not release feed leases: ${e.message}`));
  }

  /** Runs a sync now (after CREATE, UNPAUSE, UPDATE here), or once more after the running one. */
  poke(): void {
    if (this.closed) return;
    if (this.syncing) {
      this.again = true;
      return;
    }
    this.syncing = this.sync()
      .catch((e: Error) => this.logger.error(`feed sync failed: ${e.stack}`))
      .finally(() => {
        this.syncing = undefined;
        if (this.again) {
          this.again = false;
          this.poke();
        }
      });
  }

  /** Subscriptions started in this process (ids). */
  startedIds(): string[] {
    return [...this.started.keys()];
  }

  /** Stops a subscription here if it runs here (PAUSE, DELETE, disable); resolves when the provider stopped. */
  async stopLocal(id: string): Promise<void> {
    const entry = this.started.get(id);
    if (!entry) return;
    entry.stopping = true;
    this.started.delete(id);
    try {
      await entry.provider.stop(entry.sub);
    } catch (e) {
      this.logger.error(`stopping feed ${triggerPath(entry.row)} failed: ${(e as Error).stack}`);
    }
  }

  private async sync(): Promise<void> {
    const held = await this.store.renew(this.runnerId, FEED_LEASE_MS);
    const acquired = await this.store.acquire(this.runnerId, FEED_LEASE_MS, ACQUIRE_BATCH);
    if (this.closed) return;
    const want = new Map([...held, ...acquired].map((r) => [r.id, r]));
    for (const [id, entry] of this.started) {
      const row = want.get(id);
      if (!row || row.updated !== entry.row.updated) await this.stopLocal(id);
    }
    for (const row of want.values()) {
      if (!this.started.has(row.id)) await this.startLocal(row);
    }
  }

  private async startLocal(row: SubscriptionRow): Promise<void> {
    const provider = this.registry.find(row.kind);
    if (!provider) {
      await this.store.setReason(row.id, `No feed provider of kind '${row.kind}' runs in ${this.runnerId}.`);
      return;
    }
    const sub: FeedSubscription = await this.subs.of(row);
    const entry: Started = { row, sub, provider, stopping: false };
    this.started.set(row.id, entry);
    try {
      await provider.start(
        sub,
        (event, meta) => this.emit(entry, event, meta),
        (reason, opts) => this.report(entry, reason, opts?.done === true),
      );
      this.logger.log(`feed ${row.kind} for ${triggerPath(row)} started in ${this.runnerId}`);
    } catch (e) {
      this.started.delete(row.id);
      this.logger.error(`starting feed ${triggerPath(row)} failed: ${(e as Error).stack}`);
      await this.store.setReason(row.id, `Could not start: ${(e as Error).message}`);
    }
  }

  /**
   * The emitter a provider gets: admit the event's bytes, claim, fire with retries, complete or disable. An event
   * refused for its content resolves (see {@link refuse}), so the provider acknowledges it instead of getting it back.
   */
  private async emit(entry: Started, event: Record<string, unknown>, meta: FeedEventMeta = {}): Promise<void> {
    if (entry.stopping) throw new Error('the subscription is stopped in this process');
    const { row } = entry;
    this.metrics.feedEvent(row.kind);
    let admitted: Record<string, unknown>;
    try {
      admitted = fireEventOf(event);
    } catch (e) {
      return this.refuse(entry, e);
    }
    let once: FeedEventEntry | undefined;
    if (meta.eventKey !== undefined) {
      once = await this.ledger.open(row.id, meta.eventKey, meta.fresh === true);
      if (once.fired) return;
    }
    const claimed = await this.store.claim(row.id, this.runnerId, meta.scheduledAt);
    if (claimed === undefined) {
      // A tick already fired (restart, takeover), or the lease was lost, or the subscription paused or deleted.
      if (meta.scheduledAt !== undefined) return;
      throw new Error('the subscription is not leased to this process or not active');
    }
    const owner = await this.subjects.identityOf(row.ownerUuid);
    if (!owner) {
      await this.disable(entry, `The key that created the feed for ${triggerPath(row)} was revoked or deleted; the feed was disabled.`);
      throw new Error('owner key revoked');
    }
    const transactionId = `feed-${row.id.slice(0, 8)}-${claimed}`;
    for (let attempt = 0; ; attempt++) {
      try {
        const payloadMaxBytes = row.kind === 'github' ? SystemLimits.githubDeliveryMaxBytes : undefined;
        await withLogContext({ transactionId }, () => this.fires.fire(owner, row.triggerNamespace, row.triggerName, admitted, {}, transactionId, { once, payloadMaxBytes }));
        break;
      } catch (e) {
        const failure = classifyFireError(e, triggerPath(row));
        if (failure.kind === 'refuse') return this.refuse(entry, e);
        if (failure.kind === 'disable') {
          this.metrics.feedFailed(row.kind, 'disabled');
          await this.disable(entry, failure.reason);
          throw new Error(failure.reason);
        }
        if (attempt >= FIRE_RETRY_DELAYS_MS.length || entry.stopping) {
          this.metrics.feedFailed(row.kind, 'exhausted');
          const reason = `Firing ${triggerPath(row)} failed after ${attempt + 1} attempt(s): ${failure.reason}`;
          await this.store.setReason(row.id, reason);
          throw new Error(reason);
        }
        this.logger.warn(`feed fire of ${triggerPath(row)} failed (${failure.reason}); retrying`);
        await sleep(FIRE_RETRY_DELAYS_MS[attempt]);
      }
    }
    if (meta.last) await this.complete(entry, owner, meta);
  }

  /**
   * An event refused for its content (nested too deep): consumed and never fired, with the reason in the
   * subscription's status; the feed stays active. Redelivering it could only be refused again, and a source that
   * redelivers in order (an MQTT session, a replication slot) would be stuck behind it.
   */
  private async refuse(entry: Started, e: unknown): Promise<void> {
    const failure = classifyFireError(e, triggerPath(entry.row));
    if (failure.kind !== 'refuse') throw e;
    this.metrics.feedFailed(entry.row.kind, 'refused');
    this.logger.warn(`feed ${triggerPath(entry.row)}: ${failure.reason}`);
    await this.store.setReason(entry.row.id, failure.reason);
  }

  /** After the last event: inactive with the reason, and `deleteAfterFire` applied. */
  private async complete(entry: Started, owner: Awaited<ReturnType<SubjectService['identityOf']>> & object, meta: FeedEventMeta): Promise<void> {
    const { row } = entry;
    const at = meta.scheduledAt !== undefined ? ` (${new Date(meta.scheduledAt).toISOString()})` : '';
    await this.disable(entry, `Completed: the last scheduled fire${at} happened.`);
    if (!meta.deleteTrigger) return;
    try {
      if (meta.deleteTrigger === 'rules') await this.store.deleteRulesOf(row.triggerNamespace, row.triggerName);
      await this.triggers.delete(owner, row.triggerNamespace, row.triggerName);
    } catch (e) {
      this.logger.warn(`deleteAfterFire of ${triggerPath(row)}: ${(e as Error).message}`);
    }
  }

  private report(entry: Started, reason: string, done: boolean): void {
    const work = done ? this.disable(entry, reason) : this.store.setReason(entry.row.id, reason);
    work.catch((e: Error) => this.logger.error(`recording the status of ${triggerPath(entry.row)} failed: ${e.message}`));
    if (!done) this.logger.warn(`feed ${triggerPath(entry.row)}: ${reason}`);
  }

  /** Marks inactive with a reason and stops it here (in the background: this may run inside the provider's emit). */
  private async disable(entry: Started, reason: string): Promise<void> {
    await this.store.setActive(entry.row.id, false, reason);
    this.logger.log(`feed ${triggerPath(entry.row)} inactive: ${reason}`);
    entry.stopping = true;
    void this.stopLocal(entry.row.id);
  }
}
