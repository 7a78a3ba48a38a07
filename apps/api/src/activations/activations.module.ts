import { Module } from '@nestjs/common';

/** Activations. */
@Module({})
export class ActivationsModule {}
