import { Module } from '@nestjs/common';
import { ActionsModule } from '../actions/actions.module';
import { ActivationsModule } from '../activations/activations.module';
import { InvocationModule } from '../invocation/invocation.module';
import { DeliveryModule } from '../delivery/delivery.module';
import { TriggersModule } from '../triggers/triggers.module';
import { TriggerFireController } from './trigger-fire.controller';
import { FeedEventLedger } from './feed-event-ledger';
import { TriggerFireService } from './trigger-fire.service';

/** Firing triggers through their rules. */
@Module({
  imports: [TriggersModule, ActionsModule, ActivationsModule, InvocationModule, DeliveryModule],
  controllers: [TriggerFireController],
  providers: [TriggerFireService, FeedEventLedger],
  exports: [TriggerFireService, FeedEventLedger],
})
export class FireModule {}
