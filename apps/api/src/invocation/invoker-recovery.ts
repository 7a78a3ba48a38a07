import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ActivationClaims, type ActivationMessage, actionPathOf, InvalidMessageError, parseActivationMessage, systemErrorRecord, Topology } from '@wisp/core';
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
 * Claims decide (see {@link ActivationClaims}): an activation refused with 503 gets no record and never runs; one an
 * invoker claimed to run ends with the "invoker lost" record; a redelivered one nobody claimed never started, so it
 * moves like queued work. Before recording a loss the controller claims the id `lost`, so nothing can run it later.
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
    private readonly claims: ActivationClaims,
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
      if (msg.redelivered) {
        const outcome = await this.claims.outcomeOf(message.activationId);
        if (outcome === 'refused') return this.forgetRefused(message);
        if (outcome) return this.fail(message);
      }
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

  /** Ends an activation as lost with its invoker, unless it was refused (then it ends without a record). */
  private async fail(message: ActivationMessage): Promise<void> {
    const claim = await this.claims.claim(message.activationId, 'lost');
    if (!claim.won && claim.outcome === 'refused') return this.forgetRefused(message);
    const record = await this.store.insertIfAbsent(systemErrorRecord(message, INVOKER_LOST));
    this.recent.put(record);
    this.inFlight.complete(record);
  }

  /** A refused activation was answered 503 and never runs: no record, nothing to wait for. */
  private forgetRefused(message: ActivationMessage): void {
    this.logger.log(`[${message.transactionId}] activation ${message.activationId} was refused (503); dropped with its offline invoker's queue`);
    this.inFlight.abandon(message.activationId);
  }
}
