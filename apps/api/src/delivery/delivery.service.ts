import { Injectable, Logger } from '@nestjs/common';
import type { ActivationRecord } from '@wisp/core';
import type { ResolvedAction } from '../actions/resolved-action';
import { ActivationStore } from '../activations/activation.store';
import type { Identity } from '../auth/identity';
import type { DeliveryPolicy } from './delivery-policy';
import { RuleDeliveryStore } from './rule-delivery.store';

/** Grace beyond an action's own timeout before an attempt without a record counts as lost, ms. */
export const COMPLETION_GRACE_MS = 60_000;
/** Completions remembered for the poller (the store is asked for the others). */
const KNOWN_MAX = 10_000;

/** Where one rule delivery comes from. */
export interface DeliveryContext {
  caller: Identity;
  resolved: ResolvedAction;
  args: Record<string, unknown>;
  rule: string;
  trigger: string;
  action: string;
  triggerActivationId: string;
  transactionId: string;
}

/** An accepted attempt: its id and, in the controller that started it, its record once known. */
export interface DeliveryAttempt {
  activationId: string;
  done: Promise<ActivationRecord>;
}

/**
 * Follows a rule's fired activation per its `delivery` policy. The delivery is durable: {@link follow} writes it to
 * `rule_deliveries` before the fire answers, and from then on the {@link DeliveryPoller} of any live controller
 * decides each next step (retry after the backoff, dead letter, done) from the attempt's record. The controller that
 * started an attempt only hurries that along: when the attempt's completion reaches it, it remembers the record and
 * marks the row due at once. So retries survive the controller that fired, and retries pending at a stop resume on
 * another controller (or on this one after its restart).
 */
@Injectable()
export class DeliveryService {
  private readonly logger = new Logger(DeliveryService.name);
  private readonly known = new Map<string, ActivationRecord>();

  constructor(
    private readonly store: ActivationStore,
    private readonly rows: RuleDeliveryStore,
  ) {}

  /**
   * Makes the delivery of a first attempt durable. @throws when PostgreSQL cannot store it (the caller logs it: the
   * attempt runs, but is not retried).
   */
  async follow(ctx: DeliveryContext, policy: DeliveryPolicy, first: DeliveryAttempt): Promise<void> {
    const { caller, resolved } = ctx;
    const context = {
      ownerUuid: caller.uuid,
      namespace: caller.namespace,
      rule: ctx.rule,
      trigger: ctx.trigger,
      action: ctx.action,
      actionRef: resolved.ref,
      triggerActivationId: ctx.triggerActivationId,
      transactionId: ctx.transactionId,
      args: ctx.args,
    };
    await this.rows.insert(first.activationId, context, policy, resolved.action.limits.timeout + COMPLETION_GRACE_MS);
    this.watch(first.activationId, first);
  }

  /** When `attempt` completes here, remembers its record and makes delivery `id` due now. */
  watch(id: string, attempt: DeliveryAttempt): void {
    attempt.done
      .then((record) => {
        if (this.known.size >= KNOWN_MAX) this.known.delete(this.known.keys().next().value!);
        this.known.set(record.activationId, record);
        return this.rows.wake(id, attempt.activationId);
      })
      .catch((e: Error) => this.logger.warn(`delivery ${id}: could not mark attempt ${attempt.activationId} done (${e.message}); the poller finds its record`));
  }

  /** The record of an attempt: remembered from its completion here, else from the store; undefined while unknown. */
  async recordOf(namespace: string, activationId: string): Promise<ActivationRecord | undefined> {
    const known = this.known.get(activationId);
    if (known) {
      this.known.delete(activationId);
      return known;
    }
    return this.store.find(namespace, activationId);
  }
}
