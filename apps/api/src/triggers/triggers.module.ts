import { Module } from '@nestjs/common';

/** Triggers. */
@Module({})
export class TriggersModule {}
