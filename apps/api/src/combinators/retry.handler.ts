import { Injectable } from '@nestjs/common';
import { ActivationStatus } from '@wisp/core';
import { BuiltinActions, type BuiltinOutcome } from '../feeds/builtin-actions';
import { ChildInvocations, type ChildSession } from './child-invocations';
import { parseRetry } from './combinator-params';
import { passThrough } from './combinator-results';
import { CombinatorHandler } from './combinator.handler';

/** `/whisk.system/combinators/retry`: invokes `$actionName` until it succeeds, at most `$attempts` times. */
@Injectable()
export class RetryHandler extends CombinatorHandler {
  protected readonly kind = 'retry';

  constructor(builtins: BuiltinActions, children: ChildInvocations) {
    super(builtins, children);
  }

  protected async combine(params: Record<string, unknown>, session: ChildSession): Promise<Omit<BuiltinOutcome, 'logs'>> {
    const { actionName, attempts, args } = parseRetry(params);
    for (let i = 1; ; i++) {
      const response = await session.invoke(`attempt ${i}/${attempts}`, actionName, args);
      if (response.statusCode === ActivationStatus.success || i >= attempts) return passThrough(response);
    }
  }
}
