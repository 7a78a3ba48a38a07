import { Module } from '@nestjs/common';
import { ActivationClaims } from '@wisp/core';
import { ActionsModule } from '../actions/actions.module';
import { ActivationsModule } from '../activations/activations.module';
import { ActionInvokeController } from './action-invoke.controller';
import { ActivationEnqueuer } from './activation-enqueuer';
import { CompletionConsumer } from './completion.consumer';
import { EntityChangeBroadcaster } from './entity-change.broadcaster';
import { ControllerAmqp } from './controller-amqp.provider';
import { ControllerMessagesController } from './controller-messages.controller';
import { InFlightActivations } from './in-flight-activations';
import { CHILD_ACTIVATIONS } from './child-activations';
import { InvocationService } from './invocation.service';
import { InvokerRecovery } from './invoker-recovery';
import { InvokerRegistry } from './invoker-registry';
import { InvokersController } from './invokers.controller';
import { LoadBalancer } from './load-balancer';
import { SequenceRunner } from '../sequences/sequence.runner';
import { SequenceRunStore } from '../sequences/sequence-run.store';
import { ClusterCounters } from './cluster-counters';
import { ThrottleCountsStore } from './throttle-counts.store';
import { Throttles } from './throttles';

/** The controller's half of invocation: balancing, publishing, waiting, throttling, invoker health and recovery. */
@Module({
  imports: [ActionsModule, ActivationsModule],
  controllers: [ActionInvokeController, InvokersController, ControllerMessagesController],
  providers: [
    ControllerAmqp,
    ActivationClaims,
    ActivationEnqueuer,
    EntityChangeBroadcaster,
    InvokerRegistry,
    LoadBalancer,
    InFlightActivations,
    CompletionConsumer,
    InvokerRecovery,
    ThrottleCountsStore,
    ClusterCounters,
    Throttles,
    InvocationService,
    { provide: CHILD_ACTIVATIONS, useExisting: InvocationService },
    SequenceRunner,
    SequenceRunStore,
  ],
  exports: [InvocationService, CHILD_ACTIVATIONS, Throttles, InvokerRegistry, ControllerAmqp],
})
export class InvocationModule {}
