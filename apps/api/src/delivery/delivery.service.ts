import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type ActivationRecord, DeadLetterEntity, toStorableValue } from '@wisp/core';
import type { ResolvedAction } from '../actions/resolved-action';
import { ActivationStore } from '../activations/activation.store';
import type { Identity } from '../auth/identity';
import { InvocationService } from '../invocation/invocation.service';
import { backoffDelay, type DeliveryPolicy, isRetryable } from './delivery-policy';

/** Grace beyond an action's own timeout before a fired attempt is looked up in the store instead, ms. */
const COMPLETION_GRACE_MS = 60_000;

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

/**
 * Retries a rule's fired activation per its `delivery` policy and, when retries run out, stores a dead letter.
 * Runs in the controller that fired; retries pending when that process stops are not resumed (documented).
 */
@Injectable()
export class DeliveryService {
  private readonly logger = new Logger(DeliveryService.name);

  constructor(
    private readonly invocations: InvocationService,
    private readonly store: ActivationStore,
    @Inject(DataSource) private readonly db: DataSource,
  ) {}

  /** Follows a first attempt in the background. */
  follow(ctx: DeliveryContext, policy: DeliveryPolicy, first: { activationId: string; done: Promise<ActivationRecord> }): void {
    this.deliver(ctx, policy, first).catch((e: Error) => this.logger.error(`delivery of ${ctx.rule} (${first.activationId}) failed: ${e.stack}`));
  }

  private async deliver(ctx: DeliveryContext, policy: DeliveryPolicy, first: { activationId: string; done: Promise<ActivationRecord> }): Promise<void> {
    const attempts = [first.activationId];
    let record = await this.outcome(ctx, first);
    for (let n = 1; record && isRetryable(policy, record.response.statusCode) && n <= policy.retry; n++) {
      await new Promise((r) => setTimeout(r, backoffDelay(policy, n)));
      const run = await this.invocations.start(ctx.caller, ctx.resolved, ctx.args, false, {
        transactionId: ctx.transactionId,
        receivedAt: Date.now(),
        cause: ctx.triggerActivationId,
        extraAnnotations: [
          { key: 'causedBy', value: 'trigger' },
          { key: 'retryOf', value: first.activationId },
          { key: 'attempt', value: n + 1 },
        ],
      });
      attempts.push(run.activationId);
      record = await this.outcome(ctx, run);
    }
    if (record && !isRetryable(policy, record.response.statusCode)) return;
    await this.db.getRepository(DeadLetterEntity).insert({
      namespace: ctx.caller.namespace,
      rule: ctx.rule,
      trigger: ctx.trigger,
      action: ctx.action,
      triggerActivationId: ctx.triggerActivationId,
      attempts,
      // Results and feed events are tenant bytes: NUL and lone surrogates are stored escaped, as in activation records.
      lastResponse: toStorableValue(record?.response ?? null) as never,
      event: toStorableValue(ctx.args) as never,
      created: Date.now(),
    });
    this.logger.warn(`rule ${ctx.rule} gave up after ${attempts.length} attempt(s); the event is in the dead letters`);
  }

  private async outcome(ctx: DeliveryContext, run: { activationId: string; done: Promise<ActivationRecord> }): Promise<ActivationRecord | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const wait = ctx.resolved.action.limits.timeout + COMPLETION_GRACE_MS;
    const late = new Promise<undefined>((r) => (timer = setTimeout(() => r(undefined), wait)));
    const record = await Promise.race([run.done, late]);
    clearTimeout(timer);
    return record ?? this.store.find(ctx.caller.namespace, run.activationId);
  }
}
