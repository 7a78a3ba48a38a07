import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Client } from 'pg';
import { ENTITY_TABLES, WISP_CONFIG, type WispConfig } from '@wisp/core';
import { EntityCache } from './entity-cache';

/** The channel the entity tables' trigger notifies on every change (see migration entity-change-notify). */
export const ENTITY_CHANGE_CHANNEL = 'wisp_entity_change';

/** Receives the table name of each entity change. */
export type EntityChangeObserver = (table: (typeof ENTITY_TABLES)[number]) => void;

/**
 * Listens for entity changes made by any process and clears the {@link EntityCache}. While the listening connection is
 * down nothing is cached stale for long: the cache is cleared on every (re)connect and entries expire anyway.
 * Observers (the broadcast to invokers) hear each change too, and every table after a reconnect, since changes may
 * have been missed meanwhile.
 */
@Injectable()
export class EntityChangeListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(EntityChangeListener.name);
  private client?: Client;
  private stopped = false;
  private readonly observers: EntityChangeObserver[] = [];

  constructor(
    private readonly cache: EntityCache,
    @Inject(WISP_CONFIG) private readonly config: WispConfig,
  ) {}

  /** Registers `observer` for every change from now on. */
  onChange(observer: EntityChangeObserver): void {
    this.observers.push(observer);
  }

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
    client.on('notification', (n) => {
      this.cache.clear();
      const table = ENTITY_TABLES.find((t) => t === n.payload);
      if (table) this.tell([table]);
    });
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
      if (attempt > 0) {
        this.logger.log('entity change listener reconnected');
        this.tell(ENTITY_TABLES);
      }
    } catch (e) {
      this.logger.warn(`cannot listen for entity changes (${(e as Error).message}); retrying`);
      await client.end().catch(() => undefined);
    }
  }

  private tell(tables: readonly (typeof ENTITY_TABLES)[number][]): void {
    for (const table of tables) {
      for (const observer of this.observers) {
        try {
          observer(table);
        } catch (e) {
          this.logger.warn(`entity change observer failed: ${(e as Error).message}`);
        }
      }
    }
  }
}
