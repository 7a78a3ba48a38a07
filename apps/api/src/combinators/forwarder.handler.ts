import { Injectable } from '@nestjs/common';
import { ActivationStatus } from '@wisp/core';
import { BuiltinActions, type BuiltinOutcome } from '../feeds/builtin-actions';
import { ChildInvocations, type ChildSession } from './child-invocations';
import { parseForwarder } from './combinator-params';
import { forwardedResult, passThrough } from './combinator-results';
import { CombinatorHandler } from './combinator.handler';

/** `/whisk.system/combinators/forwarder`: invokes `$actionName` with `$actionArgs` and copies the `$forward` inputs into its result. */
@Injectable()
export class ForwarderHandler extends CombinatorHandler {
  protected readonly kind = 'forwarder';

  constructor(builtins: BuiltinActions, children: ChildInvocations) {
    super(builtins, children);
  }

  protected async combine(params: Record<string, unknown>, session: ChildSession): Promise<Omit<BuiltinOutcome, 'logs'>> {
    const { actionName, actionArgs, forward } = parseForwarder(params);
    const response = await session.invoke('forward', actionName, actionArgs);
    if (response.statusCode !== ActivationStatus.success) return passThrough(response);
    return { statusCode: ActivationStatus.success, result: forwardedResult(response.result, params, forward) };
  }
}
