import { Global, Module } from '@nestjs/common';
import { NamespaceLimitsService } from './namespace-limits.service';
import { NamespacesController } from './namespaces.controller';

/** Namespace listing and per-namespace throttles. */
@Global()
@Module({ controllers: [NamespacesController], providers: [NamespaceLimitsService], exports: [NamespaceLimitsService] })
export class NamespacesModule {}
