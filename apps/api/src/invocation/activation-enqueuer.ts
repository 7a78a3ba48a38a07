import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { type ActivationMessage, ActivationClaims, Messages, StoreUnavailableError, WISP_CONFIG, type WispConfig } from '@wisp/core';
import { ControllerAmqp } from './controller-amqp.provider';

/** Delays between attempts to store a refusal PostgreSQL could not take at once, ms. */
const REFUSAL_RETRY_MS = [250, 500, 1000, 2000, 5000];
/** How long a refusal that could not be stored is retried in the background, ms. */
const REFUSAL_RETRY_FOR_MS = 10 * 60_000;

/**
 * Hands activation messages to RabbitMQ with an honest answer: resolves once the broker confirmed (the work is
 * durable), or rejects with a 503 {@link StoreUnavailableError} after which the activation never runs.
 *
 * A confirm that does not come within `brokerAcceptTimeoutMs` (broker down, paused or slow) does not tell whether the
 * message was routed. So before answering 503 the controller claims the activation id as `refused` in PostgreSQL; the
 * invoker claims `run` before running and skips an id it lost. If the invoker won, the message got through and the
 * activation counts as accepted after all. A publish is never retried after its deadline.
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

  /** Publishes `message` to `queue`. @throws StoreUnavailableError when it was refused (it will never run). */
  async enqueue(queue: string, message: ActivationMessage): Promise<void> {
    const content = Buffer.from(JSON.stringify(message));
    try {
      await this.amqp.sendToQueueWithin(this.config.outage.brokerAcceptTimeoutMs, queue, content, {
        messageId: message.activationId,
        correlationId: message.transactionId,
      });
      return;
    } catch (e) {
      this.logger.warn(`[${message.transactionId}] activation ${message.activationId} not confirmed by RabbitMQ: ${(e as Error).message}`);
    }
    await this.refuse(message);
  }

  onApplicationShutdown(): void {
    for (const t of this.retries) clearTimeout(t);
  }

  /** Claims the id as refused and throws the 503; returns normally when an invoker had already claimed it. */
  private async refuse(message: ActivationMessage): Promise<void> {
    const retryAfter = this.config.outage.retryAfterS;
    let claim;
    try {
      claim = await this.claims.claim(message.activationId, 'refused');
    } catch (e) {
      // Both stores are out: the answer must still come now. Keep trying to store the refusal before an invoker runs it.
      this.logger.error(`[${message.transactionId}] cannot store the refusal of ${message.activationId} (${(e as Error).message}); retrying in the background`);
      this.retryRefusal(message, Date.now() + REFUSAL_RETRY_FOR_MS, 0);
      throw new StoreUnavailableError('RabbitMQ', retryAfter, Messages.activationRefused('RabbitMQ and PostgreSQL'));
    }
    if (claim.won) throw new StoreUnavailableError('RabbitMQ', retryAfter, Messages.activationRefused('RabbitMQ'));
    this.logger.log(`[${message.transactionId}] activation ${message.activationId} reached an invoker although its confirm was late; accepted`);
  }

  private retryRefusal(message: ActivationMessage, until: number, attempt: number): void {
    const timer = setTimeout(() => {
      this.retries.delete(timer);
      this.claims.claim(message.activationId, 'refused').then(
        (claim) => {
          if (!claim.won) this.logger.error(`[${message.transactionId}] activation ${message.activationId} was answered 503 during a double outage, but an invoker ran it`);
        },
        () => {
          if (Date.now() < until) this.retryRefusal(message, until, attempt + 1);
          else this.logger.error(`[${message.transactionId}] gave up storing the refusal of ${message.activationId}`);
        },
      );
    }, REFUSAL_RETRY_MS[Math.min(attempt, REFUSAL_RETRY_MS.length - 1)]);
    timer.unref();
    this.retries.add(timer);
  }
}
