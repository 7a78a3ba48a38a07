import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import {
  type ActivationMessage,
  ActivationClaims,
  type Claim,
  type LostFallback,
  Messages,
  StoreUnavailableError,
  systemErrorRecord,
  WISP_CONFIG,
  type WispConfig,
} from '@wisp/core';
import { ControllerAmqp } from './controller-amqp.provider';
import { settledWithin } from './settled-within';

/**
 * The bound on answering an enqueue (the 5 s), less the time a request spends before the publish and the
 * answer's trip back, ms. A refusal that PostgreSQL has not stored by then is not waited for.
 */
const ENQUEUE_ANSWER_MS = 4_500;
/** Delays between attempts to bind an activation accepted without a confirm to `lost`, ms (the last one repeats). */
const BIND_RETRY_MS = [250, 500, 1000, 2000, 5000];
/** Beyond an action's time limit: how long a run that may have started gets to store its own record, ms. */
const UNCONFIRMED_RECORD_GRACE_MS = 60_000;

/**
 * How an enqueue ended when it did not throw: `confirmed` (the broker confirmed, or an invoker claimed the run, so a
 * result will come), or `unconfirmed` (accepted with a record to follow, but nothing tells whether it runs; a blocking
 * caller answers 202 at once instead of waiting for a completion that may never come).
 */
export type Enqueued = 'confirmed' | 'unconfirmed';

/**
 * Hands activation messages to RabbitMQ with an honest answer, within {@link ENQUEUE_ANSWER_MS}: accepted (the work is
 * durable, or at least its record is promised), or a 503 {@link StoreUnavailableError} after which it never runs.
 *
 * A confirm that does not come within `brokerAcceptTimeoutMs` (broker down, paused or slow) does not tell whether the
 * message was routed. So before answering 503 the controller claims the activation id as `refused` in PostgreSQL; the
 * invoker claims `run` before running and skips an id it lost. If the invoker won, the message got through and the
 * activation counts as accepted after all. A publish is never retried after its deadline.
 *
 * A 503 is answered only when the refusal is stored in time, and only while PostgreSQL provably did not restart since
 * the publish (an invoker's asynchronously committed `run` claim could have been lost; see
 * {@link ActivationClaims.refuse}). Otherwise the activation is accepted as `lost`: nothing can start it any more once
 * that claim is stored, a run may have started before, and the claim row carries an internal-error record that the
 * claims janitor stores once the run's time is up, unless the run stored its own. When PostgreSQL is out too (or too
 * slow to answer in time), the `lost` claim is retried in the background until it is stored or an invoker's `run`
 * claim wins; either way the 202 gets its record, and no answer is a promise that cannot be kept.
 */
@Injectable()
export class ActivationEnqueuer implements OnApplicationShutdown {
  private readonly logger = new Logger(ActivationEnqueuer.name);
  private readonly retries = new Set<NodeJS.Timeout>();

  constructor(
    private readonly amqp: ControllerAmqp,
    private readonly claims: ActivationClaims,
    @Inject(WISP_CONFIG) private readonly config: WispConfig,
  ) {}

  /**
   * Lifts an earlier refusal of a derived activation id (see `ActivationOrigin.activationId`), whose starter is about to
   * publish it again: the refusal answered a 503 to Wisp's own feed runner or retry poller, which retry with the same
   * id. The id still runs at most once: the invokers' `run` claim decides between this and any late copy.
   */
  rearm(activationId: string): Promise<boolean> {
    return this.claims.rearm(activationId);
  }

  /** Publishes `message` to `queue`. @throws StoreUnavailableError when it was refused (it will never run). */
  async enqueue(queue: string, message: ActivationMessage): Promise<Enqueued> {
    const content = Buffer.from(JSON.stringify(message));
    const publishedAt = performance.now();
    try {
      await this.amqp.sendToQueueWithin(this.config.outage.brokerAcceptTimeoutMs, queue, content, {
        messageId: message.activationId,
        correlationId: message.transactionId,
      });
      return 'confirmed';
    } catch (e) {
      this.logger.warn(`[${message.transactionId}] activation ${message.activationId} not confirmed by RabbitMQ: ${(e as Error).message}`);
    }
    return this.refuse(message, publishedAt);
  }

  onApplicationShutdown(): void {
    for (const t of this.retries) clearTimeout(t);
  }

  /** Claims the id as refused in time and throws the 503; otherwise tells how the activation was accepted. */
  private async refuse(message: ActivationMessage, publishedAt: number): Promise<Enqueued> {
    const fallback = this.fallbackOf(message);
    let claim: Claim | undefined;
    try {
      claim = await settledWithin(this.claims.refuse(message.activationId, performance.now() - publishedAt, fallback), ENQUEUE_ANSWER_MS - (performance.now() - publishedAt));
    } catch (e) {
      this.logger.warn(`[${message.transactionId}] cannot store the refusal of ${message.activationId}: ${(e as Error).message}`);
    }
    if (!claim) {
      // The refusal may still commit after this answer; binding the id to `lost` turns it into a record.
      this.logger.warn(`[${message.transactionId}] the refusal of ${message.activationId} was not stored in time; accepted, its record follows`);
      this.bindLost(message, fallback, 0);
      return 'unconfirmed';
    }
    if (claim.won && claim.outcome === 'refused') throw new StoreUnavailableError('RabbitMQ', this.config.outage.retryAfterS, Messages.activationRefused('RabbitMQ'));
    if (claim.won) {
      this.logger.warn(`[${message.transactionId}] PostgreSQL restarted since ${message.activationId} was published, so a run of it cannot be ruled out; accepted, claimed lost`);
      return 'unconfirmed';
    }
    this.logger.log(`[${message.transactionId}] activation ${message.activationId} reached an invoker although its confirm was late; accepted`);
    return 'confirmed';
  }

  /** The record an activation accepted as `lost` gets once its run's time is up, unless the run stored one. */
  private fallbackOf(message: ActivationMessage): LostFallback {
    return { record: systemErrorRecord(message, Messages.activationUnconfirmed), dueInMs: message.action.limits.timeout + UNCONFIRMED_RECORD_GRACE_MS };
  }

  /** Keeps trying to store the `lost` claim (with its fallback record) until it is stored or a run claim won. */
  private bindLost(message: ActivationMessage, fallback: LostFallback, attempt: number): void {
    this.claims.acceptLost(message.activationId, fallback).then(
      (claim) => {
        const by = claim.won ? 'its fallback record is kept in the claim row' : `it is bound to ${claim.outcome}`;
        this.logger.log(`[${message.transactionId}] accepted activation ${message.activationId}: ${by}`);
      },
      (e: Error) => {
        if (attempt === 0) this.logger.warn(`[${message.transactionId}] cannot bind ${message.activationId} to lost yet (${e.message}); retrying until PostgreSQL answers`);
        const timer = setTimeout(() => {
          this.retries.delete(timer);
          this.bindLost(message, fallback, attempt + 1);
        }, BIND_RETRY_MS[Math.min(attempt, BIND_RETRY_MS.length - 1)]);
        timer.unref();
        this.retries.add(timer);
      },
    );
  }
}
