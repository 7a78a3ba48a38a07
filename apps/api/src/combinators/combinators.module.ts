import { Module } from '@nestjs/common';
import { ActionsModule } from '../actions/actions.module';
import { InvocationModule } from '../invocation/invocation.module';
import { ChildInvocations } from './child-invocations';
import { ForwarderHandler } from './forwarder.handler';
import { RetryHandler } from './retry.handler';
import { TryCatchHandler } from './trycatch.handler';

/** The catalog's `combinators` package (retry, trycatch, forwarder) as built-in actions run in this controller. */
@Module({
  imports: [ActionsModule, InvocationModule],
  providers: [ChildInvocations, RetryHandler, TryCatchHandler, ForwarderHandler],
})
export class CombinatorsModule {}
