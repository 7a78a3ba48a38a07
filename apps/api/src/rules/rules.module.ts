import { Module } from '@nestjs/common';

/** Rules. */
@Module({})
export class RulesModule {}
