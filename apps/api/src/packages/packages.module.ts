import { Module } from '@nestjs/common';

/** Packages. */
@Module({})
export class PackagesModule {}
