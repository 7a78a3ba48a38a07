import { Inject, Injectable, Logger } from '@nestjs/common';
import { derivedActivationId, jsonSize, Messages, newActivationId, pathOf, StoreUnavailableError, toObject, WISP_CONFIG, WispError, type WispConfig } from '@wisp/core';
import { ActionResolver } from '../actions/action.resolver';
import type { ResolvedAction } from '../actions/resolved-action';
import { type OutageMapping, storeOutageMapping } from '../http/store-outage.mapping';
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
import { ActivityMetrics } from '../metrics/activity.metrics';
import { type FeedEventEntry, FeedEventLedger } from './feed-event-ledger';
import { fireEventOf } from './fire-event';
import { ruleLinesOrRefusal } from './rule-refusals';
import { triggerActivationRecord, type RuleLogLine } from './trigger-activation';

/** What a fire produced: no record (no active rule) or the trigger activation id. */
export type FireResult = { activationId: string } | undefined;

/** How a fire came to be, beyond who fired what. */
export interface FireOptions {
  /** The feed event's ledger entry, when its source may deliver it again (see {@link FeedEventLedger}). */
  once?: FeedEventEntry;
  /** Largest parameter set a rule's activation may carry; the system's 1 MB when unset. */
  payloadMaxBytes?: number;
}

/** Request headers a fired action never sees (credentials). */
const HIDDEN_HEADERS = ['authorization', 'cookie', 'x-require-whisk-auth'];
/** Room reserved per rule line of the trigger's record, beside the event itself, bytes. */
const RECORD_BYTES_PER_RULE = 512;
const RECORD_BYTES_BASE = 2_048;

/** One rule after the deciding phase: either its final line (filtered out, failed) or what to start. */
type Decided = { line: RuleLogLine } | { resolved: ResolvedAction; policy: ReturnType<typeof deliveryPolicyOf>; base: { rule: string; action: string } };

/**
 * Fires triggers: for every active rule a non-blocking activation of its action with the trigger parameters merged
 * with the event, caused by the trigger activation. Used by the REST route and by feeds; the event is admitted by
 * {@link fireEventOf} before anything happens.
 *
 * Honest under outages: first every rule is decided (filter, action, throttle) and room for the trigger's record is
 * reserved; PostgreSQL being needed for that and unreachable refuses the fire with 503 before anything is queued. Then
 * the rules' messages are published; the fire answers once each was confirmed by the broker (or refused: see
 * {@link ruleLinesOrRefusal}). Confirmed messages are durable, so the trigger's record then waits for PostgreSQL in the
 * batched writer, bounded by the backlog, instead of holding the answer.
 *
 * A feed event with a durable identity fires `once` (see {@link FeedEventLedger}): the trigger activation id and start
 * come from its ledger entry, each rule's activation id is derived from them, and the trigger's record is stored in
 * the same transaction that marks the event fired, before the fire resolves. Repeating such a fire (after a crash
 * between fire and acknowledgement) therefore starts the same activations and stores the same record.
 */
@Injectable()
export class TriggerFireService {
  private readonly logger = new Logger(TriggerFireService.name);
  private readonly outage: OutageMapping;

  constructor(
    private readonly triggers: TriggersService,
    private readonly resolver: ActionResolver,
    private readonly invocations: InvocationService,
    private readonly throttles: Throttles,
    private readonly store: ActivationStore,
    private readonly delivery: DeliveryService,
    private readonly ledger: FeedEventLedger,
    private readonly metrics: ActivityMetrics,
    @Inject(WISP_CONFIG) config: WispConfig,
  ) {
    this.outage = storeOutageMapping(config);
  }

  /**
   * Fires `ns/name` as `caller` with `event`; `headers` become `__ow_headers`. `options.once` is the event's ledger
   * entry (a feed event that may be delivered again); `options.payloadMaxBytes` raises the size a rule's activation may
   * carry (GitHub deliveries, read up to GitHub's 25 MB); REST fires keep the 1 MB limit.
   */
  async fire(caller: Identity, ns: string, name: string, event: unknown, headers: Record<string, string>, transactionId: string, options: FireOptions = {}): Promise<FireResult> {
    const { once, payloadMaxBytes } = options;
    const namespace = resolveNamespace(caller, ns);
    assertOwner(caller, namespace, `${namespace}/triggers/${name}`);
    const body = fireEventOf(event);
    await this.throttles.admitFire(namespace);
    const { trigger, rules } = await this.triggers.findActiveRules(namespace, name);
    this.metrics.triggerFired(namespace, rules.length > 0);
    if (rules.length === 0) {
      if (once) await this.ledger.settle(once, undefined);
      return undefined;
    }
    const start = once?.start ?? Date.now();
    const activationId = once?.activationId ?? newActivationId();
    const visibleHeaders = Object.fromEntries(Object.entries(headers).filter(([k]) => !HIDDEN_HEADERS.includes(k)));
    const args = { ...toObject(trigger.parameters), __ow_headers: visibleHeaders, ...body };
    const decided = await Promise.all(rules.map((rule) => this.decide(caller, rule, args)));
    const slot = once ? undefined : this.store.reserve(RECORD_BYTES_BASE + jsonSize(body) + RECORD_BYTES_PER_RULE * rules.length);
    let lines: RuleLogLine[];
    try {
      const trig = { name, activationId, derived: once !== undefined };
      const settled = await Promise.allSettled(decided.map((d) => this.launch(caller, d, args, trig, transactionId, start, payloadMaxBytes)));
      lines = ruleLinesOrRefusal(settled, rules.map((rule) => ({ rule: rule.path, action: pathOf(rule.action) })));
      for (const line of lines) this.metrics.ruleSettled(namespace, line.filtered ? 'filtered' : line.success ? 'started' : 'failed');
    } catch (e) {
      slot?.release();
      throw e;
    }
    const record = triggerActivationRecord({ activationId, namespace, name, version: trigger.version, subject: caller.subject }, start, body, lines);
    if (once) await this.ledger.settle(once, record);
    else await this.store.writeAccepted(record, slot!);
    return { activationId };
  }

  /** Everything a rule needs before it can start. @throws StoreUnavailableError when PostgreSQL was needed and is out. */
  private async decide(caller: Identity, rule: ActiveRule, args: Record<string, unknown>): Promise<Decided> {
    const base = { rule: rule.path, action: pathOf(rule.action) };
    try {
      const filter = ruleFilterOf(rule.rule.annotations);
      if (filter && !matchesFilter(filter, args)) return { line: { statusCode: 0, success: true, filtered: true, ...base } };
      const policy = deliveryPolicyOf(rule.rule.annotations);
      const resolved = await this.resolver.resolve(caller, rule.action.namespace, rule.action.package, rule.action.name);
      await this.throttles.admitInvocation(caller.namespace);
      return { resolved, policy, base };
    } catch (e) {
      return { line: this.failedLine(e, base) };
    }
  }

  private async launch(
    caller: Identity,
    decided: Decided,
    args: Record<string, unknown>,
    trigger: { name: string; activationId: string; derived: boolean },
    transactionId: string,
    receivedAt: number,
    payloadMaxBytes?: number,
  ): Promise<RuleLogLine> {
    if ('line' in decided) return decided.line;
    const { resolved, policy, base } = decided;
    try {
      const cause = trigger.activationId;
      const activationId = trigger.derived ? derivedActivationId('rule', cause, base.rule) : undefined;
      const run = await this.invocations.start(caller, resolved, args, false, { transactionId, receivedAt, cause, activationId, extraAnnotations: [{ key: 'causedBy', value: 'trigger' }], payloadMaxBytes });
      if (policy) {
        const context = { caller, resolved, args, rule: base.rule, trigger: `${caller.namespace}/${trigger.name}`, action: base.action, triggerActivationId: cause, transactionId };
        await this.delivery.follow(context, policy, run).catch((e: Error) => this.logger.error(`rule ${base.rule}: the delivery of ${run.activationId} could not be stored, it will not be retried: ${e.message}`));
      }
      return { statusCode: 0, success: true, activationId: run.activationId, ...base };
    } catch (e) {
      return this.failedLine(e, base);
    }
  }

  /**
   * The line of a rule that did not start. A store outage is rethrown as {@link StoreUnavailableError}: the rule was
   * refused (settled by {@link ruleLinesOrRefusal}, or refusing the whole fire while deciding).
   */
  private failedLine(e: unknown, base: { rule: string; action: string }): RuleLogLine {
    if (e instanceof StoreUnavailableError) throw e;
    const outage = this.outage(e);
    if (outage) throw outage;
    const known = e instanceof WispError;
    if (!known) this.logger.error(`rule ${base.rule} failed to activate ${base.action}: ${(e as Error).stack}`);
    return { statusCode: known && e.httpStatus < 500 ? 1 : 3, success: false, error: known ? e.message : Messages.internal, ...base };
  }
}
