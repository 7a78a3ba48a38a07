import { Module } from '@nestjs/common';

/** Actions. */
@Module({})
export class ActionsModule {}
