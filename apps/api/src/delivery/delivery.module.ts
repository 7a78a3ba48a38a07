import { Module } from '@nestjs/common';
import { ActivationsModule } from '../activations/activations.module';
import { InvocationModule } from '../invocation/invocation.module';
import { DeadLettersController } from './dead-letters.controller';
import { DeliveryService } from './delivery.service';

/** Rule delivery retries and the dead letters they end in. */
@Module({ imports: [InvocationModule, ActivationsModule], controllers: [DeadLettersController], providers: [DeliveryService], exports: [DeliveryService] })
export class DeliveryModule {}
