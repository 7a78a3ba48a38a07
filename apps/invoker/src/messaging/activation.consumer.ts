import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  ActivationClaims,
  ActivationMessage,
  ActivationRecord,
  ActivationStatus,
  ActivationWriter,
  AmqpConnection,
  CompletionMessage,
  ConsumeOutcome,
  parseActivationMessage,
  RecordRejectedError,
  ReceivedMessage,
  Topology,
  WISP_CONFIG,
  WispConfig,
  withLogContext,
} from '@wisp/core';
import { ActivationRunner } from '../activation/activation-runner';
import { InvokerMetrics } from '../observability/invoker.metrics';
import { ActivationErrors } from '../activation/error-results';
import { buildErrorRecord, withUnusableResult } from '../activation/record-builder';

/** Delays between attempts to claim an activation while PostgreSQL is unreachable, ms. */
const CLAIM_RETRY_MS = [100, 250, 500, 1000, 2000];

/**
 * Handles this invoker's durable queue (routed here by the invoker's message controller). Per message: claim → run → publish the completion to the controller's reply
 * queue → store the record → ack. Nothing runs before this invoker won the activation's claim row (see
 * {@link ActivationClaims}): an id a controller refused with 503 or recorded as lost is dropped without a record, and an
 * id claimed before is never run again. A redelivered message whose earlier delivery claimed it (that consumer died holding it) gets an
 * internal-error record unless one is already stored; one that was never claimed never started, so it runs.
 */
@Injectable()
export class ActivationConsumer {
  private readonly logger = new Logger(ActivationConsumer.name);
  private readonly inFlight = new Map<string, Promise<ConsumeOutcome>>();
  private readonly queue: string;
  private stopping = false;

  constructor(
    private readonly amqp: AmqpConnection,
    private readonly claims: ActivationClaims,
    private readonly runner: ActivationRunner,
    private readonly writer: ActivationWriter,
    private readonly metrics: InvokerMetrics,
    @Inject(WISP_CONFIG) private readonly config: WispConfig,
  ) {
    this.queue = Topology.invokerQueue(config.invokerId);
  }

  /** Stops deliveries, then waits (bounded) for every message already received to finish. */
  async drain(timeoutMs: number): Promise<void> {
    this.stopping = true;
    await this.amqp.cancel(this.queue).catch((e: Error) => this.logger.warn(`cannot cancel the consumer: ${e.message}`));
    const pending = [...this.inFlight.values()];
    if (pending.length === 0) return;
    this.logger.log(`waiting for ${pending.length} running activation(s)`);
    const timer = new Promise((r) => setTimeout(r, timeoutMs).unref());
    await Promise.race([Promise.allSettled(pending), timer]);
  }

  /** Number of messages received and not yet finished. */
  get activeCount(): number {
    return this.inFlight.size;
  }

  /** One delivery of this invoker's work queue (the `activation` route): its outcome is applied after it settles. */
  async handle(received: ReceivedMessage): Promise<ConsumeOutcome> {
    let message: ActivationMessage;
    try {
      message = parseActivationMessage(received.content);
    } catch (e) {
      this.logger.warn(`dead-lettering an unreadable message: ${(e as Error).message}`);
      return 'dead-letter';
    }
    const running = this.inFlight.get(message.activationId);
    // The broker redelivers what a lost channel held; the first delivery is still being worked on here.
    if (running) return running.then(() => 'ack' as const);
    const work = withLogContext({ transactionId: message.transactionId, activationId: message.activationId }, () => this.claimThenRun(message, received.redelivered));
    this.inFlight.set(message.activationId, work);
    return work.finally(() => this.inFlight.delete(message.activationId));
  }

  private async claimThenRun(message: ActivationMessage, redelivered: boolean): Promise<ConsumeOutcome> {
    const claim = await this.claim(message);
    if (!claim) return 'requeue';
    if (claim.won) return this.process(message);
    if (claim.outcome === 'refused') {
      this.logger.log(`[${message.transactionId}] activation ${message.activationId} was refused by its controller (503); not running it`);
      return 'ack';
    }
    if (claim.outcome === 'lost') {
      // A controller recorded it as lost with an offline invoker; that record is final.
      this.logger.log(`[${message.transactionId}] activation ${message.activationId} was recorded as lost by a controller; not running it`);
      return 'ack';
    }
    // Claimed by an earlier delivery: if that consumer died, the record is still missing; otherwise it writes it.
    return redelivered ? this.recover(message) : 'ack';
  }

  /**
   * Claims the activation for this run, retrying while PostgreSQL is unreachable; undefined when shutting down. Every
   * attempt carries the same claimant token: an attempt that timed out may still have committed, and the retry must
   * then see the claim as its own, not as an earlier delivery's (which would drop the activation unrun).
   */
  private async claim(message: ActivationMessage) {
    const claimant = randomUUID();
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.claims.claim(message.activationId, 'run', claimant);
      } catch (e) {
        if (this.stopping) return undefined;
        const wait = CLAIM_RETRY_MS[Math.min(attempt, CLAIM_RETRY_MS.length - 1)];
        if (attempt === 0) this.logger.warn(`[${message.transactionId}] cannot claim ${message.activationId} (${(e as Error).message}); retrying`);
        await new Promise((r) => setTimeout(r, wait));
      }
    }
  }

  private async process(message: ActivationMessage): Promise<ConsumeOutcome> {
    const record = await this.runner.run(message);
    return this.complete(message, record);
  }

  /** A message its previous consumer died holding: it may have run; never run it again. */
  private async recover(message: ActivationMessage): Promise<ConsumeOutcome> {
    const stored = await this.writer.isStored(message.activationId).catch((e: Error) => {
      // Unknown: record the error anyway; ON CONFLICT keeps a record that already exists.
      this.logger.warn(`cannot check whether ${message.activationId} is stored: ${e.message}`);
      return false;
    });
    if (stored) return 'ack';
    this.logger.warn(`[${message.transactionId}] activation ${message.activationId} was redelivered without a record; recording an internal error`);
    const record = buildErrorRecord(message, { statusCode: ActivationStatus.internalError, result: { error: ActivationErrors.invokerRestarted } });
    return this.complete(message, record);
  }

  /**
   * Completion first (the blocking caller is waiting), then the record, then the ack. A result that cannot be
   * serialised for the completion, or that PostgreSQL refuses, is replaced by a developer error naming the problem
   * (the classifier stops the known causes first; this is the net under it), so every activation keeps a record.
   */
  private async complete(message: ActivationMessage, produced: ActivationRecord): Promise<ConsumeOutcome> {
    const { record, content } = this.completionOf(message, produced);
    this.metrics.activationFinished(message.action.exec.kind, record);
    await this.amqp
      .sendToQueue(message.replyQueue, content, { correlationId: message.activationId, contentType: 'application/json' })
      .catch((e: Error) => this.logger.error(`[${message.transactionId}] cannot publish the completion of ${message.activationId}: ${e.message}`));
    try {
      await this.writer.write(record);
      return 'ack';
    } catch (e) {
      if (e instanceof RecordRejectedError) return this.storeInstead(message, record, e);
      // Only while shutting down with the database unreachable: another consumer will record it.
      this.logger.error(`[${message.transactionId}] cannot store activation ${message.activationId}: ${(e as Error).message}`);
      return 'requeue';
    }
  }

  /** The completion's bytes, with the result replaced when `JSON.stringify` cannot write it. */
  private completionOf(message: ActivationMessage, produced: ActivationRecord): { record: ActivationRecord; content: Buffer } {
    const wrap = (record: ActivationRecord): CompletionMessage => ({
      v: 1,
      type: 'completion',
      transactionId: message.transactionId,
      activationId: message.activationId,
      invokerId: this.config.invokerId,
      isSystemError: record.response.statusCode === ActivationStatus.internalError,
      memoryMb: message.action.limits.memory,
      activation: record,
    });
    try {
      return { record: produced, content: Buffer.from(JSON.stringify(wrap(produced))) };
    } catch (e) {
      this.logger.warn(`[${message.transactionId}] the result of ${message.activationId} cannot be serialised: ${(e as Error).message}`);
      const record = withUnusableResult(produced, 'it cannot be serialised as JSON.');
      return { record, content: Buffer.from(JSON.stringify(wrap(record))) };
    }
  }

  /** PostgreSQL refused the record for its content: store it once more without the result, else dead-letter. */
  private async storeInstead(message: ActivationMessage, refused: ActivationRecord, cause: Error): Promise<ConsumeOutcome> {
    this.logger.warn(`[${message.transactionId}] activation ${message.activationId} refused by PostgreSQL (${cause.message}); storing it without its result`);
    try {
      await this.writer.write(withUnusableResult(refused, 'it cannot be stored.'));
      return 'ack';
    } catch (e) {
      this.logger.error(`[${message.transactionId}] activation ${message.activationId} cannot be stored even without its result (${(e as Error).message}); dead-lettering it`);
      return 'dead-letter';
    }
  }
}
