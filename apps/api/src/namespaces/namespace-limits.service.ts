import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NamespaceEntity, type NamespaceThrottles, WISP_CONFIG, type WispConfig } from '@wisp/core';

const CACHE_TTL_MS = 5_000;

/** Throttles of a namespace: stored overrides over the configured defaults (cached briefly; read on the invoke path). */
@Injectable()
export class NamespaceLimitsService {
  private readonly cache = new Map<string, { value: NamespaceThrottles; until: number }>();

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(WISP_CONFIG) private readonly config: WispConfig,
  ) {}

  /** Effective throttles of `namespace`. */
  async throttlesOf(namespace: string): Promise<NamespaceThrottles> {
    const now = Date.now();
    const hit = this.cache.get(namespace);
    if (hit && hit.until > now) return hit.value;
    const row = await this.db.getRepository(NamespaceEntity).findOneBy({ name: namespace });
    const value = { ...this.config.limits, ...(row?.limits ?? {}) };
    this.cache.set(namespace, { value, until: now + CACHE_TTL_MS });
    return value;
  }

  /** Stores overrides for `namespace` (admin command), keeping the overrides it does not name. */
  async setThrottles(namespace: string, limits: Partial<NamespaceThrottles>): Promise<void> {
    await this.db.query(`UPDATE namespaces SET limits = limits || $2::jsonb WHERE name = $1`, [namespace, JSON.stringify(limits)]);
    this.cache.delete(namespace);
  }
}
