import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  type ActivationRecord,
  BadRequestError,
  jsonSize,
  type KeyValue,
  mergeParameters,
  Messages,
  newActivationId,
  noteActivationId,
  PayloadTooLargeError,
  pathOf,
  SystemLimits,
  WISP_CONFIG,
  type WispConfig,
} from '@wisp/core';
import { ActivationStore } from '../activations/activation.store';
import { ActivityMetrics } from '../metrics/activity.metrics';
import { ActionResolver } from '../actions/action.resolver';
import type { ResolvedAction } from '../actions/resolved-action';
import type { Identity } from '../auth/identity';
import { resolveNamespace } from '../auth/namespace-access';
import { BuiltinActions } from '../feeds/builtin-actions';
import { ActivationKeys } from '../auth/activation-keys.service';
import { buildActivationMessage, providesApiKey } from './activation-message.factory';
import { ActivationEnqueuer, type Enqueued } from './activation-enqueuer';
import { CompletionConsumer } from './completion.consumer';
import { InFlightActivations } from './in-flight-activations';
import { SequenceRunner } from '../sequences/sequence.runner';
import { acceptedResponse, finishedResponse, type InvokeResponse } from './invoke-response';
import type { InvokeOptions } from './invoke-options';
import { LoadBalancer } from './load-balancer';
import { settledWithin } from './settled-within';
import type { ActivationOrigin, ChildActivations, StartedActivation } from './child-activations';
import { Throttles } from './throttles';

/** How often a blocking caller whose completion may be lost re-reads the store, ms. */
const STORE_POLL_MS = 5_000;
/** How long the store read at the end of a wait may take when no time is left, ms. */
const LAST_READ_MS = 1_000;

/**
 * Invokes actions: resolve → merge parameters → throttle → pick an invoker → publish (confirmed) → wait for the
 * completion on this controller's reply queue (blocking) or answer 202 at once.
 */
@Injectable()
export class InvocationService implements ChildActivations {
  private readonly logger = new Logger(InvocationService.name);

  constructor(
    private readonly resolver: ActionResolver,
    private readonly throttles: Throttles,
    private readonly balancer: LoadBalancer,
    private readonly inFlight: InFlightActivations,
    private readonly enqueuer: ActivationEnqueuer,
    private readonly completions: CompletionConsumer,
    private readonly store: ActivationStore,
    private readonly sequences: SequenceRunner,
    private readonly builtins: BuiltinActions,
    private readonly keys: ActivationKeys,
    private readonly metrics: ActivityMetrics,
    @Inject(WISP_CONFIG) private readonly config: WispConfig,
  ) {}

  /** `POST /namespaces/{ns}/actions/[{pkg}/]{name}`. */
  async invoke(caller: Identity, ns: string, pkg: string | undefined, name: string, body: unknown, opts: InvokeOptions, origin: ActivationOrigin): Promise<InvokeResponse> {
    const request = this.requestParams(body);
    const resolved = await this.resolver.resolve(caller, resolveNamespace(caller, ns), pkg, name);
    await this.throttles.admitInvocation(caller.namespace);
    const { activationId, done, unconfirmed } = await this.start(caller, resolved, request, opts.blocking, origin);
    noteActivationId(activationId);
    if (!opts.blocking || unconfirmed) return acceptedResponse(activationId);
    const record = await this.waitFor(caller.namespace, activationId, done, opts.waitMs);
    this.metrics.blockingInvoke(record ? 'result' : 'accepted', (Date.now() - origin.receivedAt) / 1000);
    return record ? finishedResponse(record, opts.result) : acceptedResponse(activationId);
  }

  /**
   * Starts one activation of an already resolved action (also used by trigger fires and sequences): sequences and
   * built-in actions run in this controller, atomic actions are published to an invoker. Resolves once the work is accepted (for atomic actions:
   * the broker confirmed the message); `done` settles with the final record. Rejects with a 503 when RabbitMQ did not
   * accept it in time, and then the activation never runs (see {@link ActivationEnqueuer}). `unconfirmed` marks an
   * activation accepted with its record promised but no result to wait for (a blocking caller answers 202 at once).
   */
  async start(caller: Identity, resolved: ResolvedAction, request: Record<string, unknown>, blocking: boolean, origin: ActivationOrigin): Promise<StartedActivation> {
    const { action } = resolved;
    if (action.exec.kind === 'sequence' || this.builtins.find(resolved)) this.inFlight.unreserve(caller.namespace); // never tracked here
    if (action.exec.kind === 'sequence') return this.sequences.start(this, caller, resolved, request, origin);
    const params = mergeParameters({ pkg: resolved.packageParameters, binding: resolved.bindingParameters, action: action.parameters, annotations: action.annotations }, request);
    const size = jsonSize(params);
    const max = origin.payloadMaxBytes ?? SystemLimits.payloadMaxBytes;
    if (size > max) throw new PayloadTooLargeError(Messages.requestTooLarge(size, max));
    // Built-in actions (the catalog's feed actions) run in this controller and still leave an ordinary record.
    const builtin = this.builtins.find(resolved);
    if (builtin) return this.builtins.start(builtin, { caller, resolved, params, origin });
    // Only actions that get a key pay for the insert; the warm path of every other action touches no table here.
    const activationId = origin.activationId ?? newActivationId();
    if (origin.activationId) {
      // A derived id is started again after a crash or a refusal. Still in flight here: the same activation, not a
      // second one (publishing it again would track it twice and leak its capacity when only one completion comes).
      const running = this.inFlight.get(activationId);
      if (running) {
        this.inFlight.unreserve(caller.namespace);
        return { activationId, done: running.done };
      }
      // Refused earlier (a 503 to our own feed runner or retry poller): that meant "not run yet", so start it again.
      await this.enqueuer.rearm(activationId);
    }
    const apiKey = providesApiKey(caller, action) ? await this.keys.mint(caller, activationId, action.limits.timeout) : undefined;
    try {
      return await this.publish(caller, resolved, params, blocking, origin, activationId, apiKey);
    } catch (e) {
      // the key's expiry covers a revocation that cannot reach PostgreSQL now; the original error is the answer
      if (apiKey) await this.keys.revoke(activationId).catch(() => undefined);
      throw e;
    }
  }

  private async publish(caller: Identity, resolved: ResolvedAction, params: Record<string, unknown>, blocking: boolean, origin: ActivationOrigin, activationId: string, apiKey?: string) {
    const { action } = resolved;
    const message = buildActivationMessage({
      caller,
      activationId,
      apiKey,
      resolved,
      params,
      blocking,
      transactionId: origin.transactionId,
      controllerId: this.config.controllerId,
      replyQueue: this.completions.queue,
      receivedAt: origin.receivedAt,
      cause: origin.cause,
      extraAnnotations: origin.extraAnnotations,
    });
    const invoker = this.balancer.acquire(caller.namespace, pathOf(resolved.ref), action.limits.memory);
    const entry = this.inFlight.track(message, invoker.id, action.limits.memory);
    let enqueued: Enqueued;
    try {
      enqueued = await this.enqueuer.enqueue(invoker.queue, message);
    } catch (e) {
      this.inFlight.abandon(message.activationId);
      throw e;
    }
    return { activationId: message.activationId, done: entry.done, unconfirmed: enqueued === 'unconfirmed' };
  }

  /**
   * Waits up to `waitMs` for the record: the completion message, or the store should the completion be lost. The work
   * is durable once this is called, so an unreachable store is no answer: a read that fails or outlasts the wait counts
   * as "not yet", and the caller answers 202 {activationId} (never a 503 for work that will still run).
   */
  async waitFor(namespace: string, activationId: string, done: Promise<ActivationRecord>, waitMs: number): Promise<ActivationRecord | undefined> {
    const until = Date.now() + waitMs;
    for (;;) {
      const record = await settledWithin(done, Math.min(until - Date.now(), STORE_POLL_MS));
      if (record) return record;
      const stored = await settledWithin(Promise.race([done, this.readStored(namespace, activationId)]), Math.max(until - Date.now(), LAST_READ_MS));
      if (stored) return stored;
      if (Date.now() >= until) return undefined;
    }
  }

  /** The stored record, or undefined while PostgreSQL cannot tell (the outage is logged, not answered). */
  private readStored(namespace: string, activationId: string): Promise<ActivationRecord | undefined> {
    return this.store.find(namespace, activationId).catch((e: Error) => {
      this.logger.warn(`cannot read activation ${activationId} while waiting for it (${e.message}); still waiting`);
      return undefined;
    });
  }

  private requestParams(body: unknown): Record<string, unknown> {
    if (body === undefined || body === null || body === '') return {};
    if (typeof body !== 'object' || Array.isArray(body)) throw new BadRequestError(Messages.malformedRequest('the body must be a JSON object'));
    return body as Record<string, unknown>;
  }
}
