import { Controller, Get, Inject, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { brokerHealth, databaseHealth } from '@wisp/core';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { ControllerAmqp } from '../invocation/controller-amqp.provider';
import { DiskHealthIndicator } from './disk.health-indicator';
import { InvokersHealthIndicator } from './invokers.health-indicator';

/**
 * `GET /health/live` (the process serves HTTP) and `GET /health/ready` (PostgreSQL, RabbitMQ, a healthy invoker and
 * disk): 200 with terminus's `{status, info, error, details}`, or 503 naming what is down. `status` is `degraded`
 * (still 200) when the database is past its disk threshold. Unauthenticated, like `/ping`.
 */
@ApiExcludeController()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(DataSource) private readonly db: DataSource,
    private readonly amqp: ControllerAmqp,
    private readonly invokers: InvokersHealthIndicator,
    private readonly disk: DiskHealthIndicator,
  ) {}

  @Get('live')
  live() {
    return { status: 'ok', info: {}, error: {}, details: {} };
  }

  @Get('ready')
  async ready(@Res({ passthrough: true }) res: Response) {
    try {
      const result = await this.health.check([
        () => databaseHealth(this.indicators, this.db),
        () => brokerHealth(this.indicators, this.amqp),
        () => this.invokers.check(),
        () => this.disk.check(),
      ]);
      return result.details.disk?.degraded ? { ...result, status: 'degraded' } : result;
    } catch (e) {
      if (!(e instanceof ServiceUnavailableException)) throw e;
      res.status(503).setHeader('Retry-After', '5');
      return e.getResponse();
    }
  }
}
