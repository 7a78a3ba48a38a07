import { Module } from '@nestjs/common';
import { ActionsModule } from '../actions/actions.module';
import { InvocationModule } from '../invocation/invocation.module';
import { WebActionController } from './web-action.controller';
import { WebActionService } from './web-action.service';

/** Web actions. */
@Module({ imports: [ActionsModule, InvocationModule], controllers: [WebActionController], providers: [WebActionService] })
export class WebModule {}
