import { Module } from '@nestjs/common';
import { ActivationStore } from './activation.store';
import { ActivationsController } from './activations.controller';
import { ActivationsService } from './activations.service';
import { RecentActivationsCache } from './recent-activations.cache';

/** Activation records: the read API, the store and the recent-completions cache. */
@Module({
  controllers: [ActivationsController],
  providers: [ActivationsService, ActivationStore, RecentActivationsCache],
  exports: [ActivationStore, RecentActivationsCache],
})
export class ActivationsModule {}
