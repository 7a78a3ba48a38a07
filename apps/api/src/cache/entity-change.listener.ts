import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Client } from 'pg';
import { WISP_CONFIG, type WispConfig } from '@wisp/core';
import { EntityCache } from './entity-cache';

/** The channel the entity tables' trigger notifies on every change (see migration entity-change-notify). */
export const ENTITY_CHANGE_CHANNEL = 'wisp_entity_change';

/**
 * Listens for entity changes made by any process and clears the {@link EntityCache}. While the listening connection is
 * down nothing is cached stale for long: the cache is cleared on every (re)connect and entries expire anyway.
 */
@Injectable()
export class EntityChangeListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(EntityChangeListener.name);
  private client?: Client;
  private stopped = false;

  constructor(
    private readonly cache: EntityCache,
    @Inject(WISP_CONFIG) private readonly config: WispConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.client?.end().catch(() => undefined);
  }

  private async connect(attempt = 0): Promise<void> {
    if (this.stopped) return;
    const client = new Client({ connectionString: this.config.databaseUrl });
    client.on('notification', () => this.cache.clear());
    client.on('error', (e) => this.logger.warn(`entity change listener: ${e.message}`));
    client.on('end', () => {
      this.cache.clear();
      if (!this.stopped) setTimeout(() => void this.connect(1), 500).unref();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${ENTITY_CHANGE_CHANNEL}`);
      this.client = client;
      this.cache.clear();
      if (attempt > 0) this.logger.log('entity change listener reconnected');
    } catch (e) {
      this.logger.warn(`cannot listen for entity changes (${(e as Error).message}); retrying`);
      await client.end().catch(() => undefined);
    }
  }
}
