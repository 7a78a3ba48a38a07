import { Injectable, Logger } from '@nestjs/common';
import { type ActivationRecord, ActivationStatus, type ActivationStatusCode, jsonSize, type KeyValue, newActivationId, pathOf } from '@wisp/core';
import type { ResolvedAction } from '../actions/resolved-action';
import { ActivationStore } from '../activations/activation.store';
import type { Identity } from '../auth/identity';
import type { ActivationOrigin } from '../invocation/child-activations';

/** One run of a built-in action. */
export interface BuiltinRun {
  caller: Identity;
  resolved: ResolvedAction;
  /** Merged parameters (package < binding < action < request). */
  params: Record<string, unknown>;
  origin: ActivationOrigin;
  /** This run's activation id (what activations it starts name as their cause). */
  activationId: string;
}

/** What a built-in action answers; the registry turns it into an ordinary activation record. */
export interface BuiltinOutcome {
  statusCode: ActivationStatusCode;
  /** The result the activation record stores. */
  result: Record<string, unknown>;
  /** What the waiting caller gets instead of `result` (secrets it needs once); never stored, logged or cached. */
  reply?: Record<string, unknown>;
  logs?: string[];
}

/** An action the controller executes in-process instead of publishing it to an invoker. */
export interface BuiltinAction {
  /** True when this handler runs `resolved`. */
  matches(resolved: ResolvedAction): boolean;
  run(run: BuiltinRun): Promise<BuiltinOutcome>;
}

/**
 * Built-in actions (the catalog's feed actions): {@link InvocationService.start} asks {@link find} before publishing
 * and, on a match, runs the action here. The run still leaves an ordinary activation record (stored and cached, so
 * blocking callers and `GET activations/{id}` see it).
 */
@Injectable()
export class BuiltinActions {
  private readonly logger = new Logger(BuiltinActions.name);
  private readonly handlers: BuiltinAction[] = [];

  constructor(
    private readonly store: ActivationStore,
  ) {}

  register(handler: BuiltinAction): void {
    this.handlers.push(handler);
  }

  find(resolved: ResolvedAction): BuiltinAction | undefined {
    return this.handlers.find((h) => h.matches(resolved));
  }

  /** Starts the run; resolves at once with the activation id, `done` settles with the stored record. */
  start(handler: BuiltinAction, run: Omit<BuiltinRun, 'activationId'>): { activationId: string; done: Promise<ActivationRecord> } {
    const activationId = newActivationId();
    return { activationId, done: this.execute(handler, { ...run, activationId }) };
  }

  private async execute(handler: BuiltinAction, run: BuiltinRun): Promise<ActivationRecord> {
    const start = Date.now();
    const outcome = await handler.run(run).catch((e: Error): BuiltinOutcome => {
      this.logger.error(`built-in action ${pathOf(run.resolved.ref)} failed: ${e.stack}`);
      return { statusCode: ActivationStatus.internalError, result: { error: 'An internal error occurred while running the action.' } };
    });
    const end = Date.now();
    const { action, ref } = run.resolved;
    const annotations: KeyValue[] = [
      { key: 'path', value: pathOf(ref) },
      { key: 'waitTime', value: Math.max(0, start - run.origin.receivedAt) },
      { key: 'kind', value: action.exec.kind },
      { key: 'builtin', value: true },
      { key: 'timeout', value: false },
      { key: 'limits', value: action.limits },
      ...(run.resolved.bindingPath ? [{ key: 'binding', value: run.resolved.bindingPath }] : []),
      ...(run.origin.extraAnnotations ?? []),
    ];
    const record: ActivationRecord = {
      activationId: run.activationId,
      namespace: run.caller.namespace,
      name: ref.name,
      entityName: ref.package ? `${ref.package}/${ref.name}` : ref.name,
      version: action.version,
      subject: run.caller.subject,
      start,
      end,
      duration: end - start,
      cause: run.origin.cause ?? null,
      response: { statusCode: outcome.statusCode, result: outcome.result, size: jsonSize(outcome.result) },
      logs: outcome.logs ?? [],
      annotations,
      publish: false,
    };
    await this.store.write(record);
    return outcome.reply ? { ...record, response: { ...record.response, result: outcome.reply } } : record;
  }
}
