import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { type ActivationMessage, ActivationClaims, Messages, StoreUnavailableError, systemErrorRecord, WISP_CONFIG, type WispConfig } from '@wisp/core';
import { ActivationStore } from '../activations/activation.store';
import { ControllerAmqp } from './controller-amqp.provider';

/** Delays between attempts to store a refusal PostgreSQL could not take at once, ms. */
const REFUSAL_RETRY_MS = [250, 500, 1000, 2000, 5000];
/** How long a refusal that could not be stored is retried in the background, ms. */
const REFUSAL_RETRY_FOR_MS = 10 * 60_000;
/** Beyond an action's time limit: how long a run that may have started gets to store its own record, ms. */
const UNCONFIRMED_RECORD_GRACE_MS = 60_000;

/**
 * Hands activation messages to RabbitMQ with an honest answer: resolves once the broker confirmed (the work is
 * durable), or rejects with a 503 {@link StoreUnavailableError} after which the activation never runs.
 *
 * A confirm that does not come within `brokerAcceptTimeoutMs` (broker down, paused or slow) does not tell whether the
 * message was routed. So before answering 503 the controller claims the activation id as `refused` in PostgreSQL; the
 * invoker claims `run` before running and skips an id it lost. If the invoker won, the message got through and the
 * activation counts as accepted after all. A publish is never retried after its deadline.
 *
 * The invoker's `run` claim commits asynchronously, so a PostgreSQL crash can lose it; the refusal is therefore taken
 * only if PostgreSQL did not restart since the publish (see {@link ActivationClaims.refuse}). If it did, the id is
 * claimed `lost` instead: nothing can start it any more, but a run may have started before the crash, so the answer is
 * 202 and the activation gets a record: the run's own, or, once the run's time is up, an internal error.
 */
@Injectable()
export class ActivationEnqueuer implements OnApplicationShutdown {
  private readonly logger = new Logger(ActivationEnqueuer.name);
  private readonly retries = new Set<NodeJS.Timeout>();

  constructor(
    private readonly amqp: ControllerAmqp,
    private readonly claims: ActivationClaims,
    private readonly store: ActivationStore,
    @Inject(WISP_CONFIG) private readonly config: WispConfig,
  ) {}

  /** Publishes `message` to `queue`. @throws StoreUnavailableError when it was refused (it will never run). */
  async enqueue(queue: string, message: ActivationMessage): Promise<void> {
    const content = Buffer.from(JSON.stringify(message));
    const publishedAt = performance.now();
    try {
      await this.amqp.sendToQueueWithin(this.config.outage.brokerAcceptTimeoutMs, queue, content, {
        messageId: message.activationId,
        correlationId: message.transactionId,
      });
      return;
    } catch (e) {
      this.logger.warn(`[${message.transactionId}] activation ${message.activationId} not confirmed by RabbitMQ: ${(e as Error).message}`);
    }
    await this.refuse(message, publishedAt);
  }

  onApplicationShutdown(): void {
    for (const t of this.retries) clearTimeout(t);
  }

  /** Claims the id as refused and throws the 503; returns normally when an invoker had already claimed it. */
  private async refuse(message: ActivationMessage, publishedAt: number): Promise<void> {
    const retryAfter = this.config.outage.retryAfterS;
    let claim;
    try {
      claim = await this.claims.refuse(message.activationId, performance.now() - publishedAt);
    } catch (e) {
      // Both stores are out: the answer must still come now. Keep trying to store the refusal before an invoker runs it.
      this.logger.error(`[${message.transactionId}] cannot store the refusal of ${message.activationId} (${(e as Error).message}); retrying in the background`);
      this.retryRefusal(message, publishedAt, Date.now() + REFUSAL_RETRY_FOR_MS, 0);
      throw new StoreUnavailableError('RabbitMQ', retryAfter, Messages.activationRefused('RabbitMQ and PostgreSQL'));
    }
    if (claim.won && claim.outcome === 'refused') throw new StoreUnavailableError('RabbitMQ', retryAfter, Messages.activationRefused('RabbitMQ'));
    if (claim.won) {
      this.logger.warn(`[${message.transactionId}] PostgreSQL restarted since ${message.activationId} was published, so a run of it cannot be ruled out; accepted, claimed lost`);
      this.recordUnlessRun(message);
      return;
    }
    this.logger.log(`[${message.transactionId}] activation ${message.activationId} reached an invoker although its confirm was late; accepted`);
  }

  /** Gives an activation claimed `lost` at enqueue its record: the run's own if one started, else an internal error. */
  private recordUnlessRun(message: ActivationMessage): void {
    const timer = setTimeout(() => {
      this.retries.delete(timer);
      this.store.insertIfAbsent(systemErrorRecord(message, Messages.activationUnconfirmed)).catch((e: Error) => {
        this.logger.error(`[${message.transactionId}] cannot record unconfirmed activation ${message.activationId}: ${e.message}`);
      });
    }, message.action.limits.timeout + UNCONFIRMED_RECORD_GRACE_MS);
    timer.unref();
    this.retries.add(timer);
  }

  private retryRefusal(message: ActivationMessage, publishedAt: number, until: number, attempt: number): void {
    const timer = setTimeout(() => {
      this.retries.delete(timer);
      this.claims.refuse(message.activationId, performance.now() - publishedAt).then(
        (claim) => {
          if (!claim.won || claim.outcome !== 'refused') {
            this.logger.error(`[${message.transactionId}] activation ${message.activationId} was answered 503 during a double outage, but it ${claim.won ? 'may have run (PostgreSQL restarted)' : 'ran'}`);
          }
        },
        () => {
          if (Date.now() < until) this.retryRefusal(message, publishedAt, until, attempt + 1);
          else this.logger.error(`[${message.transactionId}] gave up storing the refusal of ${message.activationId}`);
        },
      );
    }, REFUSAL_RETRY_MS[Math.min(attempt, REFUSAL_RETRY_MS.length - 1)]);
    timer.unref();
    this.retries.add(timer);
  }
}
