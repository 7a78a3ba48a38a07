import { Injectable } from '@nestjs/common';
import { ActivationStatus } from '@wisp/core';
import { BuiltinActions, type BuiltinOutcome } from '../feeds/builtin-actions';
import { ChildInvocations, type ChildSession } from './child-invocations';
import { parseTryCatch } from './combinator-params';
import { catchArgs, passThrough } from './combinator-results';
import { CombinatorHandler } from './combinator.handler';

/** `/whisk.system/combinators/trycatch`: invokes `$tryName`; if it fails, `$catchName` with the error. */
@Injectable()
export class TryCatchHandler extends CombinatorHandler {
  protected readonly kind = 'trycatch';

  constructor(builtins: BuiltinActions, children: ChildInvocations) {
    super(builtins, children);
  }

  protected async combine(params: Record<string, unknown>, session: ChildSession): Promise<Omit<BuiltinOutcome, 'logs'>> {
    const { tryName, catchName, args } = parseTryCatch(params);
    const tried = await session.invoke('try', tryName, args);
    if (tried.statusCode === ActivationStatus.success) return passThrough(tried);
    return passThrough(await session.invoke('catch', catchName, catchArgs(args, tried)));
  }
}
