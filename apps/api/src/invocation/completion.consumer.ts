import { Inject, Injectable, Logger } from '@nestjs/common';
import { InvalidMessageError, parseCompletionMessage, Topology, WISP_CONFIG, type WispConfig } from '@wisp/core';
import { RecentActivationsCache } from '../activations/recent-activations.cache';
import { ActivationKeys } from '../auth/activation-keys.service';
import { InFlightActivations } from './in-flight-activations';

/** Handles this controller's reply queue (the `completion` route): completions wake blocking callers and free capacity. */
@Injectable()
export class CompletionConsumer {
  private readonly logger = new Logger(CompletionConsumer.name);

  constructor(
    private readonly inFlight: InFlightActivations,
    private readonly recent: RecentActivationsCache,
    private readonly keys: ActivationKeys,
    @Inject(WISP_CONFIG) private readonly config: WispConfig,
  ) {}

  /** Name of the queue invokers reply to. */
  get queue(): string {
    return Topology.completionQueue(this.config.controllerId);
  }

  /** One completion; an invalid one is dropped (acked) with a warning. */
  async handle(content: Buffer): Promise<'ack'> {
    try {
      const completion = parseCompletionMessage(content);
      // The activation key dies before the caller hears of the end, so a key used after the answer is always refused.
      await this.keys.revoke(completion.activation.activationId);
      this.recent.put(completion.activation);
      this.inFlight.complete(completion.activation);
    } catch (e) {
      if (!(e instanceof InvalidMessageError)) throw e;
      this.logger.warn(`dropping an invalid completion: ${e.message}`);
    }
    return 'ack';
  }
}
