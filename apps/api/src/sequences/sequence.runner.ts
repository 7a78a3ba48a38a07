import { Injectable, Logger } from '@nestjs/common';
import {
  type ActivationRecord,
  ActivationStatus,
  jsonSize,
  Messages,
  nestsDeeperThan,
  newActivationId,
  NotFoundError,
  parseQualifiedName,
  pathOf,
  SystemLimits,
  type WispError,
} from '@wisp/core';
import { ActionResolver } from '../actions/action.resolver';
import type { ResolvedAction } from '../actions/resolved-action';
import { ActivationStore } from '../activations/activation.store';
import type { Identity } from '../auth/identity';
import type { ActivationOrigin, InvocationService } from '../invocation/invocation.service';
import { sequenceRecord, type SequenceOutcome } from './sequence-record';

/** Extra wait beyond a component's own timeout before the sequence gives up on it, ms. */
const COMPONENT_GRACE_MS = 60_000;

/** Counts atomic actions run by one top-level sequence (nested sequences share it). */
interface Budget {
  left: number;
}

/**
 * Runs sequences in the controller as OpenWhisk does: components one after another, each a blocking activation
 * caused by the sequence; the result of one is the input of the next; the first error stops the run. The sequence
 * leaves its own record (component ids as logs, the last response, the summed duration).
 */
@Injectable()
export class SequenceRunner {
  private readonly logger = new Logger(SequenceRunner.name);

  constructor(
    private readonly resolver: ActionResolver,
    private readonly store: ActivationStore,
  ) {}

  /**
   * Starts a sequence run; resolves at once with its activation id, `done` settles with the stored record.
   * `invocations` is passed in because the invocation service both starts sequences and runs their components.
   */
  start(invocations: InvocationService, caller: Identity, seq: ResolvedAction, params: Record<string, unknown>, origin: ActivationOrigin, budget: Budget = { left: SystemLimits.sequenceMaxLength }) {
    const activationId = newActivationId();
    const done = this.run(invocations, caller, seq, params, origin, activationId, budget);
    return { activationId, done };
  }

  private async run(invocations: InvocationService, caller: Identity, seq: ResolvedAction, params: Record<string, unknown>, origin: ActivationOrigin, activationId: string, budget: Budget): Promise<ActivationRecord> {
    const start = Date.now();
    const outcome = await this.runComponents(invocations, caller, seq, params, activationId, origin.transactionId, budget).catch((e: Error): SequenceOutcome => {
      this.logger.error(`sequence ${activationId} failed: ${e.stack}`);
      return { response: { statusCode: ActivationStatus.internalError, result: { error: 'Sequence failed.' } }, componentIds: [], duration: 0 };
    });
    const { action, ref } = seq;
    const maxMemory = action.limits.memory;
    const record = sequenceRecord(
      {
        activationId,
        namespace: caller.namespace,
        name: ref.name,
        entityName: ref.package ? `${ref.package}/${ref.name}` : ref.name,
        version: action.version,
        subject: caller.subject,
        cause: origin.cause ?? null,
      },
      start,
      outcome,
      [
        { key: 'topmost', value: !origin.cause || origin.extraAnnotations?.every((a) => a.key !== 'causedBy') !== false },
        { key: 'path', value: pathOf(ref) },
        { key: 'kind', value: 'sequence' },
        { key: 'limits', value: { ...action.limits, memory: maxMemory } },
        { key: 'waitTime', value: start - origin.receivedAt },
        ...(seq.bindingPath ? [{ key: 'binding', value: seq.bindingPath }] : []),
        ...(origin.extraAnnotations ?? []),
      ],
    );
    await this.store.write(record);
    return record;
  }

  private async runComponents(invocations: InvocationService, caller: Identity, seq: ResolvedAction, input: Record<string, unknown>, seqId: string, transactionId: string, budget: Budget): Promise<SequenceOutcome> {
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
