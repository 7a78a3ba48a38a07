import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { FeedEgressMessages, Messages, TriggerEntity } from '@wisp/core';
import { FeedLimitError, type FeedProvider, FeedProviderRegistry } from '@wisp/feeds';
import { SubjectService } from '../auth/subject.service';
import { NamespaceLimitsService } from '../namespaces/namespace-limits.service';
import { type FeedRequest } from './feed-request';
import { FEED_LEASE_MS, FeedRunner } from './feed-runner.service';
import { AuditLog } from '../audit/audit-log';
import { FeedSecrets } from './feed-secrets';
import { FeedSubscriptionFactory } from './feed-subscription.factory';
import { FeedSubscriptionStore, type SubscriptionRow } from './feed-subscription.store';

/** A lifecycle request refused with a message for the user (the feed action's application error). */
export class FeedLifecycleError extends Error {}

/**
 * What a lifecycle request answers: `result` is what its activation record stores (secrets redacted); `reply`, when
 * set, is what the caller is answered instead (READ of a hand-registered webhook: its secret in clear, never stored).
 */
export interface FeedAnswer {
  result: Record<string, unknown>;
  reply?: Record<string, unknown>;
}

/** What READ answers, shaped like OpenWhisk's alarms provider (`config`, `status`) plus provider details. */
export interface FeedReadResult {
  config: Record<string, unknown>;
  status: { active: boolean; reason?: string; dateChanged: number; dateChangedISO: string; firedCount: number; lastFiredAt?: string };
  details?: Record<string, unknown>;
}

/**
 * The feed protocol's lifecycle (CREATE, READ, UPDATE, DELETE, PAUSE, UNPAUSE) over subscriptions and providers.
 * Every request must carry an `authKey` that owns the trigger's namespace; CREATE also needs the trigger to exist.
 */
@Injectable()
export class FeedLifecycle {
  private readonly logger = new Logger(FeedLifecycle.name);

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly registry: FeedProviderRegistry,
    private readonly store: FeedSubscriptionStore,
    private readonly runner: FeedRunner,
    private readonly subjects: SubjectService,
    private readonly subs: FeedSubscriptionFactory,
    private readonly limits: NamespaceLimitsService,
    private readonly secrets: FeedSecrets,
    private readonly audit: AuditLog,
  ) {}

  /** Runs one lifecycle request for a feed of `kind`; returns the action's answer. @throws FeedLifecycleError, FeedValidationError */
  async handle(kind: string, req: FeedRequest): Promise<FeedAnswer> {
    const provider = this.registry.find(kind);
    if (!provider) throw new FeedLifecycleError(`No feed provider of kind '${kind}' is installed.`);
    const owner = await this.subjects.authenticate(req.authKey);
    if (!owner) throw new FeedLifecycleError('The authKey is not valid.');
    if (owner.activationId) throw new FeedLifecycleError(Messages.activationKeyFeed);
    const trigger = `/${req.namespace}/${req.name}`;
    if (owner.namespace !== req.namespace) throw new FeedLifecycleError(`The authKey does not own the namespace of trigger ${trigger}.`);
    const actor = `subject:${owner.uuid}`;
    switch (req.event) {
      case 'CREATE':
        return { result: await this.create(provider, owner.uuid, req, trigger, actor) };
      case 'DELETE': {
        const deleted = await this.deleteOf(req.namespace, req.name, actor);
        return { result: deleted ? { status: 'success', message: `The feed of ${trigger} was deleted.` } : { status: 'success', message: `Trigger ${trigger} had no feed.` } };
      }
      default: {
        const row = await this.existing(kind, req, trigger);
        if (req.event === 'READ') return this.read(provider, row);
        if (req.event === 'UPDATE') return { result: await this.update(provider, row, req.params, trigger, actor) };
        return { result: await this.setPaused(provider, row, req.event === 'PAUSE', trigger) };
      }
    }
  }

  /** Deletes the subscription of a trigger, if any (DELETE, and server-side when the trigger is deleted). */
  async deleteOf(namespace: string, name: string, actor = 'system'): Promise<boolean> {
    const row = await this.store.findByTrigger(namespace, name);
    if (!row) return false;
    await this.store.setActive(row.id, false, 'deleting');
    await this.runner.stopLocal(row.id);
    const provider = this.registry.find(row.kind);
    if (provider) await provider.delete(await this.subs.of(row));
    await this.store.delete(row.id);
    const held = this.secrets.changed(row.kind, row.config, {});
    if (held.length) await this.audit.record({ actor, action: 'feed.secrets.delete', target: `/${namespace}/${name}`, details: { kind: row.kind, fields: held } });
    this.logger.log(`feed ${row.kind} of /${namespace}/${name} deleted`);
    return true;
  }

  private async create(provider: FeedProvider, ownerUuid: string, req: FeedRequest, trigger: string, actor: string): Promise<Record<string, unknown>> {
    const config = provider.validate(req.params);
    const exists = await this.db.getRepository(TriggerEntity).existsBy({ namespace: req.namespace, name: req.name });
    if (!exists) throw new FeedLifecycleError(`Trigger ${trigger} does not exist.`);
    const { feeds } = await this.limits.throttlesOf(req.namespace);
    const row = await this.store.insertCreating(
      { triggerNamespace: req.namespace, triggerName: req.name, kind: provider.kind, config: config as Record<string, unknown>, params: req.params, ownerUuid },
      feeds,
    );
    if (!row) throw new FeedLimitError(FeedEgressMessages.tooManyFeeds(feeds));
    const sub = await this.subs.of(row);
    try {
      const stored = await provider.create(sub);
      await this.store.activateCreated(row.id, provider.kind, stored as Record<string, unknown>, this.runner.runnerId, FEED_LEASE_MS);
    } catch (e) {
      // A failed CREATE leaves nothing behind: undo the provider's part (idempotent) and the row.
      await provider.delete(sub).catch((d: Error) => this.logger.warn(`cleanup after failed create of ${trigger}: ${d.message}`));
      await this.store.delete(row.id);
      throw e;
    }
    this.runner.poke();
    const set = this.secrets.changed(provider.kind, {}, { ...req.params, ...(await this.store.findById(row.id))?.config });
    if (set.length) await this.audit.record({ actor, action: 'feed.secrets.set', target: trigger, details: { kind: provider.kind, fields: set } });
    return { status: 'success', message: `The ${provider.kind} feed of ${trigger} was created.` };
  }

  private async existing(kind: string, req: FeedRequest, trigger: string): Promise<SubscriptionRow> {
    const row = await this.store.findByTrigger(req.namespace, req.name);
    if (!row) throw new FeedLifecycleError(`Trigger ${trigger} has no feed.`);
    if (row.kind !== kind) throw new FeedLifecycleError(`Trigger ${trigger} has a '${row.kind}' feed, not '${kind}'.`);
    return row;
  }

  /**
   * READ: the stored config with its secrets redacted (the activation record keeps this), and, when the provider has
   * secrets its owner must paste somewhere by hand, the same answer with those in clear for the caller alone.
   */
  private async read(provider: FeedProvider, row: SubscriptionRow): Promise<FeedAnswer> {
    const details = await provider.read(await this.subs.of(row));
    const { status } = row;
    const config = { name: row.triggerName, namespace: row.triggerNamespace, kind: row.kind, ...this.secrets.redact(row.kind, row.config) };
    const result: FeedReadResult = {
      config,
      status: {
        active: status.active,
        ...(status.reason ? { reason: status.reason } : {}),
        dateChanged: status.changedAt,
        dateChangedISO: new Date(status.changedAt).toISOString(),
        firedCount: row.firedCount,
        ...(row.lastFiredAt !== null ? { lastFiredAt: new Date(row.lastFiredAt).toISOString() } : {}),
      },
      ...(Object.keys(details).length ? { details } : {}),
    };
    const revealed = provider.revealOnRead?.(row.config) ?? {};
    const answer = { result: result as unknown as Record<string, unknown> };
    return Object.keys(revealed).length ? { ...answer, reply: { ...result, config: { ...config, ...revealed } } } : answer;
  }

  private async update(provider: FeedProvider, row: SubscriptionRow, params: Record<string, unknown>, trigger: string, actor: string): Promise<Record<string, unknown>> {
    const merged = { ...row.params, ...params };
    const next = provider.validate(merged);
    const stored = await provider.update(await this.subs.of(row), next);
    await this.store.updateConfig(row.id, row.kind, stored as Record<string, unknown>, merged);
    this.runner.poke();
    const changed = this.secrets.changed(row.kind, { ...row.params, ...row.config }, { ...merged, ...(stored as Record<string, unknown>) });
    if (changed.length) await this.audit.record({ actor, action: 'feed.secrets.update', target: trigger, details: { kind: row.kind, fields: changed } });
    return { status: 'success', message: `The feed of ${trigger} was updated.` };
  }

  private async setPaused(provider: FeedProvider, row: SubscriptionRow, pause: boolean, trigger: string): Promise<Record<string, unknown>> {
    if (pause) {
      await this.store.setActive(row.id, false, 'paused');
      await this.runner.stopLocal(row.id);
      await provider.pause(await this.subs.of(row));
    } else {
      await provider.resume(await this.subs.of(row));
      await this.store.setActive(row.id, true);
      this.runner.poke();
    }
    return { status: 'success', message: `The feed of ${trigger} was ${pause ? 'paused' : 'resumed'}.` };
  }
}
