import { Global, Module } from '@nestjs/common';
import { ActivationsModule } from '../activations/activations.module';
import { BuiltinActions } from './builtin-actions';
import { TriggerEvents } from './trigger-events';

/**
 * The two seams feeds hook into the core API through, global so the invocation and triggers modules reach them
 * without importing feeds: built-in (in-process) actions and trigger-deleted notifications.
 */
@Global()
@Module({ imports: [ActivationsModule], providers: [BuiltinActions, TriggerEvents], exports: [BuiltinActions, TriggerEvents] })
export class FeedHooksModule {}
