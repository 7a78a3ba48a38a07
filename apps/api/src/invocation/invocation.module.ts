import { Module } from '@nestjs/common';

/** Invocation. */
@Module({})
export class InvocationModule {}
