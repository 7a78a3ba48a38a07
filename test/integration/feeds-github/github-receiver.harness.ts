import { type INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigModule, DatabaseModule, migrateDatabase, newSecretKeyText, SecretsModule } from '@wisp/core';
import { GithubFeedModule } from '@wisp/feeds';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { FeedSecretsModule } from '../../../apps/api/src/feeds/feed-secrets.module';
import { GITHUB_DELIVERY_SINK, type GithubDeliverySink } from '../../../apps/api/src/feeds-github/github-delivery.sink';
import { GithubDeliveryStore, type GithubSubscriptionRow } from '../../../apps/api/src/feeds-github/github-delivery.store';
import { GithubWebhookController } from '../../../apps/api/src/feeds-github/github-webhook.controller';
import { GithubWebhookService } from '../../../apps/api/src/feeds-github/github-webhook.service';
import { bodyParser } from '../../../apps/api/src/http/body-parser';
import { requestIdMiddleware } from '../../../apps/api/src/http/request-id.middleware';
import { WispExceptionFilter } from '../../../apps/api/src/http/wisp-exception.filter';
import { queryOnce } from '../../support/sql';

export const IT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/wisp_it_feeds_github';

/** Records what the receiver fired; `failures` makes the next deliveries fail (a trigger that cannot be fired now). */
export class RecordingSink implements GithubDeliverySink {
  readonly fired: { sub: string; event: Record<string, unknown>; headers: Record<string, string> }[] = [];
  failures = 0;

  async deliver(sub: GithubSubscriptionRow, event: Record<string, unknown>, headers: Record<string, string>): Promise<void> {
    if (this.failures > 0) {
      this.failures--;
      throw new Error('the broker is away');
    }
    this.fired.push({ sub: sub.id, event, headers });
  }
}

/** Runs `sql` against the integration database. */
export function sql<T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
  return queryOnce<T>(IT_DATABASE_URL, text, params);
}

/** Inserts a `github` subscription row as the feed lifecycle would; returns its id. */
export async function insertSubscription(config: Record<string, unknown>, active = true, reason?: string): Promise<string> {
  const id = randomUUID();
  await sql(
    `INSERT INTO feed_subscriptions (id, trigger_namespace, trigger_name, kind, config, status, owner_uuid, updated)
     VALUES ($1, 'it', $2, 'github', $3, $4, $5, 0)`,
    [id, `t-${id.slice(0, 8)}`, JSON.stringify(config), JSON.stringify({ active, ...(reason ? { reason } : {}), changedAt: Date.now() }), randomUUID()],
  );
  return id;
}

/**
 * The receiver route as the API serves it (same body parser, request id and error filter), with a recording sink
 * instead of the trigger fire path, on a real PostgreSQL with Wisp's migrations.
 */
export class GithubReceiverHarness {
  readonly sink = new RecordingSink();
  private app?: INestApplication;

  static async prepareDatabase(): Promise<void> {
    await (await migrateDatabase(IT_DATABASE_URL)).destroy();
  }

  async start(): Promise<this> {
    process.env.WISP_DATABASE_URL = IT_DATABASE_URL;
    process.env.WISP_SECRET_KEY ??= newSecretKeyText();
    @Module({
      imports: [ConfigModule, DatabaseModule, SecretsModule, FeedSecretsModule, GithubFeedModule],
      controllers: [GithubWebhookController],
      providers: [GithubWebhookService, GithubDeliveryStore, { provide: GITHUB_DELIVERY_SINK, useValue: this.sink }],
    })
    class ReceiverModule {}
    const app = await NestFactory.create(ReceiverModule, { bodyParser: false, logger: ['error'] });
    const webhooks = app.get(GithubWebhookService);
    app.use(requestIdMiddleware, bodyParser({ githubGate: (id, headers) => webhooks.admit(id, headers) }));
    app.useGlobalFilters(new WispExceptionFilter());
    await app.listen(0, '127.0.0.1');
    this.app = app;
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.app!.getHttpServer().address() as AddressInfo).port}`;
  }

  hookUrl(subscriptionId: string): string {
    return `${this.url}/api/v1/feeds/github/${subscriptionId}`;
  }

  async stop(): Promise<void> {
    await this.app?.close();
  }
}
