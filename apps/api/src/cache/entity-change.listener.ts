import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Client } from 'pg';
import { ENTITY_TABLES, WISP_CONFIG, type WispConfig } from '@wisp/core';
import { EntityCache } from './entity-cache';

/** The channel the entity tables' trigger notifies on every change (see migration entity-change-notify). */
export const ENTITY_CHANGE_CHANNEL = 'wisp_entity_change';

/** The channel a process notifies itself on to learn that every earlier change notification has reached it. */
const SYNC_CHANNEL = 'wisp_entity_sync';
/** Longest a write's answer waits for its own change to come round (the listener may be reconnecting), ms. */
const SETTLE_MS = 1_000;

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
  private readonly settling = new Map<string, () => void>();

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

  /**
   * Resolves once every change committed before this call has been notified to this process, so to every listening
   * process at about the same moment (PostgreSQL signals all listeners at each commit, and delivers one session's
   * notifications in commit order): a write's answer waits for this, and a client that then goes to another API
   * process finds its cache already cleared. Bounded by {@link SETTLE_MS}; without a listening connection it returns.
   */
  async settle(): Promise<void> {
    const client = this.client;
    if (!client) return;
    const token = randomUUID();
    let timer: NodeJS.Timeout | undefined;
    const echoed = new Promise<void>((resolve) => {
      this.settling.set(token, resolve);
      timer = setTimeout(resolve, SETTLE_MS);
    });
    try {
      await client.query('SELECT pg_notify($1, $2)', [SYNC_CHANNEL, token]);
      await echoed;
    } catch (e) {
      this.logger.warn(`cannot settle entity changes: ${(e as Error).message}`);
    } finally {
      clearTimeout(timer);
      this.settling.delete(token);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.client?.end().catch(() => undefined);
  }

  private async connect(attempt = 0): Promise<void> {
    if (this.stopped) return;
    const client = new Client({ connectionString: this.config.databaseUrl });
    client.on('notification', (n) => {
      if (n.channel === SYNC_CHANNEL) {
        this.settling.get(n.payload ?? '')?.();
        return;
      }
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
      await client.query(`LISTEN ${ENTITY_CHANGE_CHANNEL}; LISTEN ${SYNC_CHANNEL}`);
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
