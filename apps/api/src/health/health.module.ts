import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { InvocationModule } from '../invocation/invocation.module';
import { DiskHealthIndicator } from './disk.health-indicator';
import { HealthController } from './health.controller';
import { InvokersHealthIndicator } from './invokers.health-indicator';

/** Liveness and readiness for load balancers and orchestrators (terminus). */
@Module({
  imports: [TerminusModule.forRoot({ logger: false }), InvocationModule],
  controllers: [HealthController],
  providers: [InvokersHealthIndicator, DiskHealthIndicator],
})
export class HealthModule {}
