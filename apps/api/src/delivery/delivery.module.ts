import { Module } from '@nestjs/common';
import { ActionsModule } from '../actions/actions.module';
import { ActivationsModule } from '../activations/activations.module';
import { InvocationModule } from '../invocation/invocation.module';
import { DeadLettersController } from './dead-letters.controller';
import { DeliveryPoller } from './delivery.poller';
import { DeliveryService } from './delivery.service';
import { RuleDeliveryStore } from './rule-delivery.store';

/** Rule delivery retries (durable, driven by every controller's poller) and the dead letters they end in. */
@Module({
  imports: [InvocationModule, ActivationsModule, ActionsModule],
  controllers: [DeadLettersController],
  providers: [DeliveryService, DeliveryPoller, RuleDeliveryStore],
  exports: [DeliveryService],
})
export class DeliveryModule {}
