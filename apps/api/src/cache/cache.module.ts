import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { CacheInvalidationInterceptor } from './cache-invalidation.interceptor';
import { EntityCache } from './entity-cache';
import { EntityChangeListener } from './entity-change.listener';

/** The entity cache of the invoke and fire paths and what keeps it fresh. */
@Global()
@Module({
  providers: [EntityCache, EntityChangeListener, { provide: APP_INTERCEPTOR, useClass: CacheInvalidationInterceptor }],
  exports: [EntityCache, EntityChangeListener],
})
export class CacheModule {}
