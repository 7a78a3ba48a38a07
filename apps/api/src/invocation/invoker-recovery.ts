import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { type ActivationMessage, actionPathOf, InvalidMessageError, parseActivationMessage, systemErrorRecord, Topology } from '@wisp/core';
import { ActivationStore } from '../activations/activation.store';
import { RecentActivationsCache } from '../activations/recent-activations.cache';
import { ControllerAmqp } from './controller-amqp.provider';
import { InFlightActivations } from './in-flight-activations';
import { InvokerRegistry } from './invoker-registry';
import { LoadBalancer } from './load-balancer';

/** The error text of an activation lost with its invoker. */
export const INVOKER_LOST = 'The invoker running this activation went offline before it completed.';

/**
 * When an invoker goes offline: work still queued for it moves to healthy invokers; a message it had started
 * (redelivered) and activations this controller still waits for end as whisk internal errors, never run twice.
 */
@Injectable()
export class InvokerRecovery implements OnApplicationBootstrap {
  private readonly logger = new Logger(InvokerRecovery.name);

  constructor(
    private readonly registry: InvokerRegistry,
    private readonly amqp: ControllerAmqp,
    private readonly balancer: LoadBalancer,
    private readonly inFlight: InFlightActivations,
    private readonly store: ActivationStore,
    private readonly recent: RecentActivationsCache,
  ) {}

  onApplicationBootstrap(): void {
    this.registry.on('offline', (id: string) => {
      this.recover(id).catch((e: Error) => this.logger.error(`recovery of invoker ${id} failed: ${e.stack}`));
    });
  }

  /** Moves or fails the work of invoker `id`. */
  async recover(id: string): Promise<void> {
    let moved = 0;
    const queue = Topology.invokerQueue(id);
    const drained = await this.amqp.drain(queue, async (msg) => {
      let message: ActivationMessage;
      try {
        message = parseActivationMessage(msg.content);
      } catch (e) {
        if (e instanceof InvalidMessageError) return;
        throw e;
      }
      if (msg.redelivered) return this.fail(message);
      try {
        const target = this.balancer.acquire(message.action.namespace, actionPathOf(message), message.action.limits.memory);
        await this.amqp.sendToQueue(target.queue, msg.content);
        const entry = this.inFlight.get(message.activationId);
        if (entry) {
          this.balancer.release(entry.invokerId, entry.memoryMb);
          this.inFlight.reassign(message.activationId, target.id);
        } else this.balancer.release(target.id, message.action.limits.memory);
        moved++;
      } catch {
        await this.fail(message);
      }
    });
    for (const entry of this.inFlight.onInvoker(id)) await this.fail(entry.message);
    this.logger.warn(`invoker ${id} offline: took ${drained} queued message(s), moved ${moved}, failed the rest`);
  }

  private async fail(message: ActivationMessage): Promise<void> {
    const record = await this.store.insertIfAbsent(systemErrorRecord(message, INVOKER_LOST));
    this.recent.put(record);
    this.inFlight.complete(record);
  }
}
