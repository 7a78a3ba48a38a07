import { randomUUID } from 'node:crypto';
import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import {
  type ActivationRecord,
  ActivationStatus,
  jsonSize,
  type KeyValue,
  Messages,
  nestsDeeperThan,
  newActivationId,
  NotFoundError,
  parseQualifiedName,
  pathOf,
  SystemLimits,
  WISP_CONFIG,
  type WispConfig,
  type WispError,
} from '@wisp/core';
import { ActionResolver } from '../actions/action.resolver';
import type { ResolvedAction } from '../actions/resolved-action';
import { ActivationStore } from '../activations/activation.store';
import type { Identity } from '../auth/identity';
import type { ActivationOrigin, ChildActivations } from '../invocation/child-activations';
import { SequenceRunStore } from './sequence-run.store';
import { sequenceRecord, type SequenceOutcome } from './sequence-record';

/** Extra wait beyond a component's own timeout before the sequence gives up on it, ms. */
const COMPONENT_GRACE_MS = 60_000;
/** A run's lease lasts this long without renewal, ms; renewed every {@link RENEW_MS}. */
const RUN_LEASE_MS = 15_000;
const RENEW_MS = 3_000;
/** How often every controller stores the records of runs whose controller died, ms. */
const ORPHAN_SWEEP_MS = 5_000;
/** How long past its lease a run must be before another controller ends it (room for renewals a stall delayed), ms. */
const ORPHAN_GRACE_MS = 10_000;

/** Counts atomic actions run by one top-level sequence (nested sequences share it). */
interface Budget {
  left: number;
}

/**
 * Runs sequences in the controller as OpenWhisk does: components one after another, each a blocking activation
 * caused by the sequence; the result of one is the input of the next; the first error stops the run. The sequence
 * leaves its own record (component ids as logs, the last response, the summed duration).
 *
 * Durable: a run is registered in `sequence_runs` under this controller's lease before its first component starts,
 * and each started component is added to it. If the controller dies mid-run, any live controller stores the
 * sequence's record once the lease expired (about {@link RUN_LEASE_MS}): an internal error saying why, listing the
 * components that had started, so no component record is left without its parent. A run is not resumed elsewhere: a
 * component's result lived only in the dead controller's memory. A run with a derived id (a feed event fired again
 * after a crash) that is registered or recorded already is not started twice.
 */
@Injectable()
export class SequenceRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(SequenceRunner.name);
  private readonly owner: string;
  private readonly timers: NodeJS.Timeout[] = [];
  /** Runs registered by this controller and not ended yet: no lease to renew without one. */
  private running = 0;

  constructor(
    private readonly resolver: ActionResolver,
    private readonly store: ActivationStore,
    private readonly runs: SequenceRunStore,
    @Inject(WISP_CONFIG) config: WispConfig,
  ) {
    this.owner = `${config.controllerId}/${randomUUID().slice(0, 8)}`;
  }

  onApplicationBootstrap(): void {
    // One statement at a time per timer (a paused PostgreSQL must not pile up pool connections), and an outage is
    // logged once, not on every tick.
    const every = (ms: number, work: () => Promise<unknown>, what: string) => {
      let failing = false;
      let pending: Promise<unknown> | undefined;
      const tick = () =>
        (pending ??= work()
          .then(
            () => (failing = false),
            (e: Error) => {
              if (!failing) this.logger.warn(`${what} failed (${e.message}); retrying`);
              failing = true;
            },
          )
          .finally(() => (pending = undefined)));
      this.timers.push(setInterval(() => void tick(), ms));
    };
    every(RENEW_MS, async () => this.running > 0 && this.runs.renew(this.owner, RUN_LEASE_MS), 'renewing sequence leases');
    every(ORPHAN_SWEEP_MS, () => this.endOrphans(), 'ending orphaned sequences');
  }

  beforeApplicationShutdown(): void {
    for (const t of this.timers) clearInterval(t);
  }

  private async endOrphans(): Promise<void> {
    const ended = await this.runs.endOrphans(50, this.owner, ORPHAN_GRACE_MS);
    if (ended.length > 0) this.logger.warn(`stored the record of ${ended.length} sequence(s) whose controller stopped mid-run: ${ended.join(', ')}`);
  }

  /**
   * Starts a sequence run; resolves at once with its activation id, `done` settles with the stored record.
   * `invocations` is passed in because the invocation service both starts sequences and runs their components.
   */
  start(invocations: ChildActivations, caller: Identity, seq: ResolvedAction, params: Record<string, unknown>, origin: ActivationOrigin, budget: Budget = { left: SystemLimits.sequenceMaxLength }) {
    const activationId = origin.activationId ?? newActivationId();
    const done = this.run(invocations, caller, seq, params, origin, activationId, budget);
    return { activationId, done };
  }

  private async run(invocations: ChildActivations, caller: Identity, seq: ResolvedAction, params: Record<string, unknown>, origin: ActivationOrigin, activationId: string, budget: Budget): Promise<ActivationRecord> {
    const start = Date.now();
    const { action, ref } = seq;
    const maxMemory = action.limits.memory;
    const base = {
      activationId,
      namespace: caller.namespace,
      name: ref.name,
      entityName: ref.package ? `${ref.package}/${ref.name}` : ref.name,
      version: action.version,
      subject: caller.subject,
      cause: origin.cause ?? null,
    };
    const annotations = [
      { key: 'topmost', value: !origin.cause || origin.extraAnnotations?.every((a) => a.key !== 'causedBy') !== false },
      { key: 'path', value: pathOf(ref) },
      { key: 'kind', value: 'sequence' },
      { key: 'limits', value: { ...action.limits, memory: maxMemory } },
      { key: 'waitTime', value: start - origin.receivedAt },
      ...(seq.bindingPath ? [{ key: 'binding', value: seq.bindingPath }] : []),
      ...(origin.extraAnnotations ?? []),
    ];
    const lost: SequenceOutcome = { response: { statusCode: ActivationStatus.internalError, result: { error: Messages.sequenceControllerLost } }, componentIds: [], duration: 0 };
    const registered = await this.runs.begin(sequenceRecord(base, start, lost, annotations), this.owner, RUN_LEASE_MS).catch((e: Error) => {
      // Runs anyway: its record is written when it ends; only this controller dying mid-run would leave it without one.
      this.logger.warn(`sequence ${activationId} could not be registered (${e.message}); running it without a lease`);
      return true;
    });
    // Another start of the same derived id is running it or ran it: that one stores the record.
    if (!registered) return new Promise<ActivationRecord>(() => undefined);
    this.running++;
    try {
      return await this.runRegistered(invocations, caller, seq, params, origin, budget, base, start, annotations);
    } finally {
      this.running--;
    }
  }

  private async runRegistered(
    invocations: ChildActivations,
    caller: Identity,
    seq: ResolvedAction,
    params: Record<string, unknown>,
    origin: ActivationOrigin,
    budget: Budget,
    base: Parameters<typeof sequenceRecord>[0],
    start: number,
    annotations: KeyValue[],
  ): Promise<ActivationRecord> {
    const activationId = base.activationId;
    const started = (ids: string[]) => this.runs.started(activationId, ids).catch((e: Error) => this.logger.warn(`sequence ${activationId}: ${e.message}`));
    const outcome = await this.runComponents(invocations, caller, seq, params, activationId, origin.transactionId, budget, started).catch((e: Error): SequenceOutcome => {
      this.logger.error(`sequence ${activationId} failed: ${e.stack}`);
      return { response: { statusCode: ActivationStatus.internalError, result: { error: 'Sequence failed.' } }, componentIds: [], duration: 0 };
    });
    const record = sequenceRecord(base, start, outcome, annotations);
    await this.store.write(record);
    await this.runs.end(activationId).catch((e: Error) => this.logger.warn(`sequence ${activationId}: its run row stays until the sweep (${e.message})`));
    return record;
  }

  private async runComponents(
    invocations: ChildActivations,
    caller: Identity,
    seq: ResolvedAction,
    input: Record<string, unknown>,
    seqId: string,
    transactionId: string,
    budget: Budget,
    started: (ids: string[]) => Promise<unknown>,
  ): Promise<SequenceOutcome> {
    const ids: string[] = [];
    let duration = 0;
    let params = input;
    let last: ActivationRecord | undefined;
    const components = seq.action.exec.components ?? [];
    const resolved = await Promise.all(components.map((c) => this.resolveComponent(caller, c)));
    for (const component of resolved) {
      if (!component) return { response: appError(Messages.sequenceComponentMissing), componentIds: ids, duration };
      const origin: ActivationOrigin = { transactionId, receivedAt: Date.now(), cause: seqId, extraAnnotations: [{ key: 'causedBy', value: 'sequence' }] };
      let run: { activationId: string; done: Promise<ActivationRecord> };
      if (component.action.exec.kind === 'sequence') {
        run = this.start(invocations, caller, component, params, origin, budget);
      } else {
        if (budget.left-- <= 0) return { response: appError(Messages.sequenceTooLong), componentIds: ids, duration };
        run = await invocations.start(caller, component, params, true, origin);
      }
      ids.push(run.activationId);
      await started([...ids]);
      last = await this.await(run, component.action.limits.timeout + COMPONENT_GRACE_MS);
      duration += last.duration ?? 0;
      if (last.response.statusCode !== ActivationStatus.success) break;
      const result = last.response.result;
      // Invokers refuse such results; one that still arrives must not reach JSON.stringify in jsonSize or the next enqueue.
      if (nestsDeeperThan(result, SystemLimits.resultMaxDepth)) return { response: { statusCode: ActivationStatus.developerError, result: { error: Messages.resultTooDeep(SystemLimits.resultMaxDepth) } }, componentIds: ids, duration };
      params = result && typeof result === 'object' ? (result as Record<string, unknown>) : {};
      if (jsonSize(params) > SystemLimits.payloadMaxBytes) break;
    }
    return { response: last?.response ?? { statusCode: 0, result: params }, componentIds: ids, duration };
  }

  private async await(run: { activationId: string; done: Promise<ActivationRecord> }, waitMs: number): Promise<ActivationRecord> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<ActivationRecord>((resolve) => {
      timer = setTimeout(() => resolve(timeoutRecord(run.activationId)), waitMs);
    });
    const record = await Promise.race([run.done, timeout]);
    clearTimeout(timer);
    return record;
  }

  private async resolveComponent(caller: Identity, component: string): Promise<ResolvedAction | undefined> {
    try {
      const ref = parseQualifiedName(component, caller.namespace, Messages.sequenceComponentMissing);
      return await this.resolver.resolve(caller, ref.namespace, ref.package, ref.name);
    } catch (e) {
      if (e instanceof NotFoundError || (e as WispError).httpStatus < 500) return undefined;
      throw e;
    }
  }
}

function appError(error: string) {
  return { statusCode: ActivationStatus.applicationError, result: { error } } as const;
}

function timeoutRecord(activationId: string): ActivationRecord {
  return {
    activationId,
    namespace: '',
    name: '',
    entityName: '',
    version: '',
    subject: '',
    start: 0,
    end: 0,
    duration: 0,
    cause: null,
    response: { statusCode: ActivationStatus.internalError, result: { error: `Timeout reached when retrieving activation ${activationId} for sequence component.` } },
    logs: [],
    annotations: [],
    publish: false,
  };
}
