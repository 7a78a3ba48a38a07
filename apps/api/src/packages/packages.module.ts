import { Module } from '@nestjs/common';
import { PackageResolver } from './package.resolver';
import { PackageStore } from './package.store';
import { PackagesController } from './packages.controller';
import { PackagesService } from './packages.service';

/** Packages and bindings; exports the store and the read-entitlement resolver the actions module builds on. */
@Module({
  controllers: [PackagesController],
  providers: [PackageStore, PackageResolver, PackagesService],
  exports: [PackageStore, PackageResolver],
})
export class PackagesModule {}
