import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { AmqpConnection, brokerHealth, databaseHealth, WISP_CONFIG, type WispConfig } from '@wisp/core';
import { DataSource } from 'typeorm';
import { HeartbeatService } from '../health/heartbeat.service';
import { InvokerMetrics } from './invoker.metrics';

/**
 * The invoker's operators' port (`WISP_INVOKER_METRICS_HOST:WISP_INVOKER_METRICS_PORT`, loopback by default):
 * `GET /metrics` (Prometheus), `GET /health/live` and `GET /health/ready` (PostgreSQL, RabbitMQ, and not draining),
 * the same shapes as the API's. A port already taken is logged and the invoker runs on without it.
 */
@Injectable()
export class InvokerHttpServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(InvokerHttpServer.name);
  private server?: Server;

  constructor(
    private readonly metrics: InvokerMetrics,
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(DataSource) private readonly db: DataSource,
    private readonly amqp: AmqpConnection,
    private readonly heartbeat: HeartbeatService,
    @Inject(WISP_CONFIG) private readonly config: WispConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { invokerHost: host, invokerPort: port } = this.config.metrics;
    if (port === 0) return;
    const server = createServer((req, res) => void this.serve(req, res));
    await new Promise<void>((resolve) => {
      server.once('error', (e: Error) => {
        this.logger.error(`cannot serve metrics and health on ${host}:${port}: ${e.message}; running without them`);
        resolve();
      });
      server.listen(port, host, () => {
        this.server = server;
        this.logger.log(`metrics and health on http://${host}:${port}`);
        resolve();
      });
    });
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise((r) => server.close(r));
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    try {
      if (req.method !== 'GET') return send(res, 405, { error: 'Method not allowed.' });
      if (path === '/metrics') return send(res, 200, await this.metrics.registry.render(), this.metrics.registry.contentType);
      if (path === '/health/live') return send(res, 200, { status: 'ok', info: {}, error: {}, details: {} });
      if (path === '/health/ready') return await this.ready(res);
      send(res, 404, { error: 'The requested resource does not exist.' });
    } catch (e) {
      this.logger.error(`${req.method} ${path}: ${(e as Error).message}`);
      send(res, 500, { error: 'Internal error.' });
    }
  }

  private async ready(res: ServerResponse): Promise<void> {
    try {
      const result = await this.health.check([
        () => databaseHealth(this.indicators, this.db),
        () => brokerHealth(this.indicators, this.amqp),
        () => (this.heartbeat.accepting ? this.indicators.check('work').up() : this.indicators.check('work').down({ message: 'draining for shutdown' })),
      ]);
      send(res, 200, result);
    } catch (e) {
      if (!(e instanceof ServiceUnavailableException)) throw e;
      send(res, 503, e.getResponse());
    }
  }
}

function send(res: ServerResponse, status: number, body: unknown, contentType = 'application/json'): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}
