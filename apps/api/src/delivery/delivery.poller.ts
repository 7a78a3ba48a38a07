import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { type ActivationResponse, derivedActivationId, ForbiddenError, WispError } from '@wisp/core';
import { ActionResolver } from '../actions/action.resolver';
import { SubjectService } from '../auth/subject.service';
import { InvocationService } from '../invocation/invocation.service';
import { backoffDelay, isRetryable } from './delivery-policy';
import { COMPLETION_GRACE_MS, DeliveryService } from './delivery.service';
import { RuleDeliveryStore, type RuleDeliveryRow } from './rule-delivery.store';

/** How often every controller looks for due deliveries, ms. */
export const DELIVERY_POLL_MS = 1_000;
/** How soon an awaited attempt whose record is not stored yet is looked at again, ms. */
const RECORD_POLL_MS = 2_000;
/** How soon a retry that could not be started for a passing reason (broker, store) is tried again, ms. */
const START_AGAIN_MS = 5_000;
/** Longest pause between passes while they fail, ms. */
const MAX_BACKOFF_MS = 30_000;
/** Rows handled in one transaction. */
const BATCH = 10;

/**
 * Drives durable rule deliveries on every live controller: each tick locks due rows of `rule_deliveries` (FOR UPDATE
 * SKIP LOCKED, so two controllers never handle one row at once) and takes one step per row in the same transaction:
 * - an awaited attempt with a record: done (success or an outcome the policy does not retry), the next retry
 *   scheduled after its backoff, or — retries spent — a dead letter listing every attempt;
 * - an awaited attempt without a record: looked at again shortly, and past its timeout plus a grace a dead letter
 *   (as an attempt whose record never came);
 * - a due retry: started as the firing key with an id derived from the delivery and the attempt number, so a step
 *   repeated after a controller died between starting and committing is the same activation (run once).
 * The trigger record's rule line names the first attempt; the dead letter names them all, each with its record.
 */
@Injectable()
export class DeliveryPoller implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(DeliveryPoller.name);
  private timer?: NodeJS.Timeout;
  private ticking?: Promise<void>;
  /** Set while passes fail (PostgreSQL out): logged once, and passes back off up to {@link MAX_BACKOFF_MS}. */
  private failing = false;
  private skipUntil = 0;
  private backoffMs = DELIVERY_POLL_MS;

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly rows: RuleDeliveryStore,
    private readonly deliveries: DeliveryService,
    private readonly invocations: InvocationService,
    private readonly resolver: ActionResolver,
    private readonly subjects: SubjectService,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.tick(), DELIVERY_POLL_MS);
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.ticking;
  }

  /** One pass (skipped while the previous one runs). */
  tick(): void {
    if (this.ticking || Date.now() < this.skipUntil) return;
    this.ticking = this.pass()
      .then(() => {
        if (this.failing) this.logger.log('delivery passes work again');
        this.failing = false;
        this.backoffMs = DELIVERY_POLL_MS;
      })
      .catch((e: Error) => {
        if (!this.failing) this.logger.warn(`delivery pass failed (${e.message}); retrying with backoff`);
        this.failing = true;
        this.skipUntil = Date.now() + this.backoffMs;
        this.backoffMs = Math.min(MAX_BACKOFF_MS, this.backoffMs * 2);
      })
      .finally(() => (this.ticking = undefined));
  }

  private async pass(): Promise<void> {
    if (!(await this.rows.anyDue())) return;
    await this.db.transaction(async (tx) => {
      for (const row of await this.rows.lockDue(tx, BATCH)) await this.step(tx, row);
    });
  }

  private async step(tx: EntityManager, row: RuleDeliveryRow): Promise<void> {
    if (row.awaiting === null) return this.startRetry(tx, row);
    const record = await this.deliveries.recordOf(row.context.namespace, row.awaiting);
    if (!record) {
      if (row.awaitUntil !== null && Date.now() < row.awaitUntil) return this.rows.later(tx, row.id, RECORD_POLL_MS);
      this.logger.warn(`rule ${row.context.rule}: attempt ${row.awaiting} left no record in time; the event is in the dead letters`);
      return this.rows.deadLetter(tx, row, null);
    }
    if (!isRetryable(row.policy, record.response.statusCode)) return this.rows.finish(tx, row.id);
    if (row.attempts.length > row.policy.retry) {
      this.logger.warn(`rule ${row.context.rule} gave up after ${row.attempts.length} attempt(s); the event is in the dead letters`);
      return this.rows.deadLetter(tx, row, record.response);
    }
    return this.rows.retryIn(tx, row.id, backoffDelay(row.policy, row.attempts.length));
  }

  private async startRetry(tx: EntityManager, row: RuleDeliveryRow): Promise<void> {
    const c = row.context;
    const attempt = row.attempts.length + 1;
    const activationId = derivedActivationId('retry', row.id, String(attempt));
    try {
      const caller = await this.subjects.identityOf(c.ownerUuid);
      if (!caller) throw new ForbiddenError(`The key that fired ${c.trigger} was revoked; rule ${c.rule} is not retried.`);
      const resolved = await this.resolver.resolve(caller, c.actionRef.namespace, c.actionRef.package, c.actionRef.name);
      const run = await this.invocations.start(caller, resolved, c.args, false, {
        transactionId: c.transactionId,
        receivedAt: Date.now(),
        cause: c.triggerActivationId,
        activationId,
        extraAnnotations: [
          { key: 'causedBy', value: 'trigger' },
          { key: 'retryOf', value: row.id },
          { key: 'attempt', value: attempt },
        ],
      });
      await this.rows.awaitAttempt(tx, row.id, run.activationId, resolved.action.limits.timeout + COMPLETION_GRACE_MS);
      this.deliveries.watch(row.id, run);
    } catch (e) {
      if (e instanceof WispError && e.httpStatus < 500 && e.httpStatus !== 408 && e.httpStatus !== 429) {
        // The action or the key is gone: no later attempt can start either.
        this.logger.warn(`rule ${c.rule}: retry ${attempt} cannot start (${e.message}); the event is in the dead letters`);
        const refused: ActivationResponse = { statusCode: 1, result: { error: e.message } } as ActivationResponse;
        return this.rows.deadLetter(tx, row, refused);
      }
      this.logger.warn(`rule ${c.rule}: retry ${attempt} could not start (${(e as Error).message}); trying again`);
      await this.rows.later(tx, row.id, START_AGAIN_MS);
    }
  }
}
