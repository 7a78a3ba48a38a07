import { Inject, Injectable, Logger } from '@nestjs/common';
import {
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
} from '@wisp/core';
import { ActivationRunner } from '../activation/activation-runner';
import { ActivationErrors } from '../activation/error-results';
import { buildErrorRecord } from '../activation/record-builder';

/** Memory of the smallest action: one prefetched message per 128 MB the invoker may hand out. */
const MIN_ACTION_MB = 128;

/**
 * Consumes this invoker's durable queue. Per message: run → publish the completion to the controller's reply queue →
 * store the record → ack. An activation id is executed at most once: a redelivered message (its previous consumer
 * died holding it) is never run again; it gets an internal-error record unless one is already stored.
 */
@Injectable()
export class ActivationConsumer {
  private readonly logger = new Logger(ActivationConsumer.name);
  private readonly inFlight = new Map<string, Promise<ConsumeOutcome>>();
  private readonly queue: string;

  constructor(
    private readonly amqp: AmqpConnection,
    private readonly runner: ActivationRunner,
    private readonly writer: ActivationWriter,
    @Inject(WISP_CONFIG) private readonly config: WispConfig,
  ) {
    this.queue = Topology.invokerQueue(config.invokerId);
  }

  /** Declares the work and dead-letter queues and starts consuming. */
  async start(): Promise<void> {
    const prefetch = Math.max(1, Math.floor(this.config.invokerMemoryMb / MIN_ACTION_MB));
    await this.amqp.declare((ch) =>
      Promise.all([ch.assertQueue(Topology.deadLetterQueue, { durable: true }), ch.assertQueue(this.queue, { durable: true, arguments: Topology.workQueueArguments })]),
    );
    await this.amqp.consume(this.queue, (m) => this.handle(m), { prefetch });
    this.logger.log(`consuming ${this.queue} (prefetch ${prefetch})`);
  }

  /** Stops deliveries, then waits (bounded) for every message already received to finish. */
  async drain(timeoutMs: number): Promise<void> {
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

  private async handle(received: ReceivedMessage): Promise<ConsumeOutcome> {
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
    const work = received.redelivered ? this.recover(message) : this.process(message);
    this.inFlight.set(message.activationId, work);
    return work.finally(() => this.inFlight.delete(message.activationId));
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

  /** Completion first (the blocking caller is waiting), then the record, then the ack. */
  private async complete(message: ActivationMessage, record: ActivationRecord): Promise<ConsumeOutcome> {
    const completion: CompletionMessage = {
      v: 1,
      type: 'completion',
      transactionId: message.transactionId,
      activationId: message.activationId,
      invokerId: this.config.invokerId,
      isSystemError: record.response.statusCode === ActivationStatus.internalError,
      memoryMb: message.action.limits.memory,
      activation: record,
    };
    await this.amqp
      .sendToQueue(message.replyQueue, Buffer.from(JSON.stringify(completion)), { correlationId: message.activationId, contentType: 'application/json' })
      .catch((e: Error) => this.logger.error(`[${message.transactionId}] cannot publish the completion of ${message.activationId}: ${e.message}`));
    try {
      await this.writer.write(record);
      return 'ack';
    } catch (e) {
      if (e instanceof RecordRejectedError) return 'dead-letter';
      // Only while shutting down with the database unreachable: another consumer will record it.
      this.logger.error(`[${message.transactionId}] cannot store activation ${message.activationId}: ${(e as Error).message}`);
      return 'requeue';
    }
  }
}
