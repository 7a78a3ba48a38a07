import { Module } from '@nestjs/common';
import { PackagesModule } from '../packages/packages.module';
import { ActionResolver } from './action.resolver';
import { ActionStore } from './action.store';
import { ActionsController } from './actions.controller';
import { ActionsService } from './actions.service';
import { SequenceValidator } from './sequence.validator';

/** Action CRUD; exports {@link ActionResolver}, which the invocation path calls for every invoke. */
@Module({
  imports: [PackagesModule],
  controllers: [ActionsController],
  providers: [ActionStore, ActionResolver, SequenceValidator, ActionsService],
  exports: [ActionResolver, ActionStore],
})
export class ActionsModule {}
