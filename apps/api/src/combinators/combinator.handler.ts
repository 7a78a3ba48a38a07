import type { OnModuleInit } from '@nestjs/common';
import { ActivationStatus, valueOf } from '@wisp/core';
import { CATALOG_NAMESPACE } from '@wisp/packages';
import type { ResolvedAction } from '../actions/resolved-action';
import type { BuiltinAction, BuiltinActions, BuiltinOutcome, BuiltinRun } from '../feeds/builtin-actions';
import type { ChildInvocations, ChildSession } from './child-invocations';
import { CombinatorError } from './combinator-params';
import { logLine } from './combinator-results';

/** Annotation naming the combinator a `whisk.system` action is (`retry`, `trycatch`, `forwarder`). */
export const COMBINATOR_ANNOTATION = 'wisp-combinator';

/**
 * A catalog combinator run in this controller: matches the `whisk.system` actions annotated
 * `wisp-combinator: <kind>` and turns bad input and uninvocable targets into application errors.
 */
export abstract class CombinatorHandler implements BuiltinAction, OnModuleInit {
  protected abstract readonly kind: string;

  constructor(
    private readonly builtins: BuiltinActions,
    private readonly children: ChildInvocations,
  ) {}

  onModuleInit(): void {
    this.builtins.register(this);
  }

  matches(resolved: ResolvedAction): boolean {
    return resolved.ref.namespace === CATALOG_NAMESPACE && valueOf(resolved.action.annotations, COMBINATOR_ANNOTATION) === this.kind;
  }

  run(run: BuiltinRun): Promise<BuiltinOutcome> {
    return this.children.session(run, async (session) => {
      try {
        return { ...(await this.combine(run.params, session)), logs: session.logs };
      } catch (e) {
        if (!(e instanceof CombinatorError)) throw e;
        session.logs.push(logLine(e.message, 'stderr'));
        return { statusCode: ActivationStatus.applicationError, result: { error: e.message }, logs: session.logs };
      }
    });
  }

  /** The combinator itself. @throws CombinatorError */
  protected abstract combine(params: Record<string, unknown>, session: ChildSession): Promise<Omit<BuiltinOutcome, 'logs'>>;
}
