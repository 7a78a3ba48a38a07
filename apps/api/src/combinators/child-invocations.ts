import { Inject, Injectable } from '@nestjs/common';
import { type ActivationRecord, type ActivationResponse, ActivationStatus, parseQualifiedName, pathOf, STATUS_TEXT, SystemLimits } from '@wisp/core';
import { ActionResolver } from '../actions/action.resolver';
import type { ResolvedAction } from '../actions/resolved-action';
import type { BuiltinRun } from '../feeds/builtin-actions';
import { CHILD_ACTIVATIONS, type ChildActivations } from '../invocation/child-activations';
import { Throttles } from '../invocation/throttles';
import { CombinatorError } from './combinator-params';
import { logLine } from './combinator-results';

/** Extra wait beyond a target's own timeout before a combinator gives up on it, ms. */
const TARGET_GRACE_MS = 60_000;
/** Most activations one top-level combinator and the combinators it runs start, together (a loop through a binding ends here). */
export const MAX_CHILD_ACTIVATIONS = SystemLimits.sequenceMaxLength;

interface Budget {
  left: number;
}

/** The activations one combinator run starts: resolved, admitted and awaited as the caller, each caused by the run and logged. */
export class ChildSession {
  constructor(
    private readonly children: ChildInvocations,
    private readonly run: BuiltinRun,
    private readonly budget: Budget,
    readonly logs: string[],
  ) {}

  /** Invokes `name` blocking and returns its response; `step` names the attempt or step in the log line. @throws CombinatorError */
  async invoke(step: string, name: string, params: Record<string, unknown>): Promise<ActivationResponse> {
    if (this.budget.left-- <= 0) throw new CombinatorError(`${step}: too many activations started by nested combinators (at most ${MAX_CHILD_ACTIVATIONS}).`);
    const { activationId, target, response } = await this.children.runChild(this.run, name, params).catch((e: unknown) => {
      throw isUserError(e) ? new CombinatorError(`${step}: cannot invoke ${name}: ${e.message}`) : e;
    });
    const ok = response.statusCode === ActivationStatus.success;
    this.logs.push(logLine(`${step}: /${pathOf(target.ref)} activation ${activationId}: ${STATUS_TEXT[response.statusCode]}`, ok ? 'stdout' : 'stderr'));
    return response;
  }
}

/** Starts the target activations of combinators through {@link InvocationService.start}, as sequences do. */
@Injectable()
export class ChildInvocations {
  /** Budgets of running combinators by activation id: a combinator started by a combinator shares its budget. */
  private readonly budgets = new Map<string, Budget>();

  constructor(
    private readonly resolver: ActionResolver,
    @Inject(CHILD_ACTIVATIONS) private readonly invocations: ChildActivations,
    private readonly throttles: Throttles,
  ) {}

  /** Runs `fn` with a session for `run`. */
  async session<T>(run: BuiltinRun, fn: (session: ChildSession) => Promise<T>): Promise<T> {
    const budget = (run.origin.cause !== undefined && this.budgets.get(run.origin.cause)) || { left: MAX_CHILD_ACTIVATIONS };
    this.budgets.set(run.activationId, budget);
    try {
      return await fn(new ChildSession(this, run, budget, []));
    } finally {
      this.budgets.delete(run.activationId);
    }
  }

  /** @throws WispError (4xx: bad name, not found, not entitled, throttled, payload too large) */
  async runChild(run: BuiltinRun, name: string, params: Record<string, unknown>): Promise<{ activationId: string; target: ResolvedAction; response: ActivationResponse }> {
    const { caller } = run;
    const ref = parseQualifiedName(name, caller.namespace, `${name} is not a valid action name.`, true);
    const target = await this.resolver.resolve(caller, ref.namespace, ref.package, ref.name);
    await this.throttles.admitInvocation(caller.namespace);
    const origin = { transactionId: run.origin.transactionId, receivedAt: Date.now(), cause: run.activationId, extraAnnotations: [{ key: 'causedBy', value: 'combinator' }] };
    const started = await this.invocations.start(caller, target, params, true, origin);
    const response = await bounded(started, target.action.limits.timeout + TARGET_GRACE_MS);
    return { activationId: started.activationId, target, response };
  }
}

/** The activation's response, or an internal error once `waitMs` have passed. */
async function bounded(run: { activationId: string; done: Promise<ActivationRecord> }, waitMs: number): Promise<ActivationResponse> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<ActivationResponse>((resolve) => {
    timer = setTimeout(() => resolve({ statusCode: ActivationStatus.internalError, result: { error: `Timeout reached when waiting for activation ${run.activationId}.` } }), waitMs);
  });
  try {
    return await Promise.race([run.done.then((r) => r.response), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function isUserError(e: unknown): e is Error {
  const status = (e as { httpStatus?: unknown } | null)?.httpStatus;
  return e instanceof Error && typeof status === 'number' && status < 500;
}
