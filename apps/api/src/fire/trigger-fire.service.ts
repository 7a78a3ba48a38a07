import { Injectable, Logger } from '@nestjs/common';
import { Messages, newActivationId, pathOf, StoreUnavailableError, toObject, WispError } from '@wisp/core';
import { ActionResolver } from '../actions/action.resolver';
import { ActivationStore } from '../activations/activation.store';
import type { Identity } from '../auth/identity';
import { assertOwner, resolveNamespace } from '../auth/namespace-access';
import { InvocationService } from '../invocation/invocation.service';
import { Throttles } from '../invocation/throttles';
import type { ActiveRule } from '../triggers/trigger-rules';
import { TriggersService } from '../triggers/triggers.service';
import { deliveryPolicyOf } from '../delivery/delivery-policy';
import { DeliveryService } from '../delivery/delivery.service';
import { matchesFilter, ruleFilterOf } from '../delivery/rule-filter';
import { fireEventOf } from './fire-event';
import { ruleLinesOrRefusal } from './rule-refusals';
import { triggerActivationRecord, type RuleLogLine } from './trigger-activation';

/** What a fire produced: no record (no active rule) or the trigger activation id. */
export type FireResult = { activationId: string } | undefined;

/** Request headers a fired action never sees (credentials). */
const HIDDEN_HEADERS = ['authorization', 'cookie', 'x-require-whisk-auth'];

/**
 * Fires triggers: for every active rule a non-blocking activation of its action with the trigger parameters merged
 * with the event, caused by the trigger activation. Answers only after every rule's message was confirmed by the
 * broker (or refused: see {@link ruleLinesOrRefusal}), and stores the trigger activation with one log line per rule.
 * Used by the REST route and by feeds; the event is admitted by {@link fireEventOf} before anything happens.
 */
@Injectable()
export class TriggerFireService {
  private readonly logger = new Logger(TriggerFireService.name);

  constructor(
    private readonly triggers: TriggersService,
    private readonly resolver: ActionResolver,
    private readonly invocations: InvocationService,
    private readonly throttles: Throttles,
    private readonly store: ActivationStore,
    private readonly delivery: DeliveryService,
  ) {}

  /** Fires `ns/name` as `caller` with `event`; `headers` become `__ow_headers`. */
  async fire(caller: Identity, ns: string, name: string, event: unknown, headers: Record<string, string>, transactionId: string): Promise<FireResult> {
    const namespace = resolveNamespace(caller, ns);
    assertOwner(caller, namespace, `${namespace}/triggers/${name}`);
    const body = fireEventOf(event);
    await this.throttles.admitFire(namespace);
    const { trigger, rules } = await this.triggers.findActiveRules(namespace, name);
    if (rules.length === 0) return undefined;
    const start = Date.now();
    const activationId = newActivationId();
    const visibleHeaders = Object.fromEntries(Object.entries(headers).filter(([k]) => !HIDDEN_HEADERS.includes(k)));
    const args = { ...toObject(trigger.parameters), __ow_headers: visibleHeaders, ...body };
    const settled = await Promise.allSettled(rules.map((rule) => this.activate(caller, rule, args, { name, activationId }, transactionId, start)));
    const lines = ruleLinesOrRefusal(settled, rules.map((rule) => ({ rule: rule.path, action: pathOf(rule.action) })));
    const record = triggerActivationRecord({ activationId, namespace, name, version: trigger.version, subject: caller.subject }, start, body, lines);
    await this.store.write(record);
    return { activationId };
  }

  private async activate(caller: Identity, rule: ActiveRule, args: Record<string, unknown>, trigger: { name: string; activationId: string }, transactionId: string, receivedAt: number): Promise<RuleLogLine> {
    const base = { rule: rule.path, action: pathOf(rule.action) };
    try {
      const filter = ruleFilterOf(rule.rule.annotations);
      if (filter && !matchesFilter(filter, args)) return { statusCode: 0, success: true, filtered: true, ...base };
      const policy = deliveryPolicyOf(rule.rule.annotations);
      const resolved = await this.resolver.resolve(caller, rule.action.namespace, rule.action.package, rule.action.name);
      await this.throttles.admitInvocation(caller.namespace);
      const cause = trigger.activationId;
      const run = await this.invocations.start(caller, resolved, args, false, { transactionId, receivedAt, cause, extraAnnotations: [{ key: 'causedBy', value: 'trigger' }] });
      if (policy) {
        const context = { caller, resolved, args, rule: rule.path, trigger: `${caller.namespace}/${trigger.name}`, action: base.action, triggerActivationId: cause, transactionId };
        this.delivery.follow(context, policy, run);
      }
      return { statusCode: 0, success: true, activationId: run.activationId, ...base };
    } catch (e) {
      if (e instanceof StoreUnavailableError) throw e; // refused: never runs; settled in ruleLinesOrRefusal
      const known = e instanceof WispError;
      if (!known) this.logger.error(`rule ${rule.path} failed to activate ${base.action}: ${(e as Error).stack}`);
      return { statusCode: known && e.httpStatus < 500 ? 1 : 3, success: false, error: known ? e.message : Messages.internal, ...base };
    }
  }
}
