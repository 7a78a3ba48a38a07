import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BadRequestError, formatDuration, NamespaceEntity, NotFoundError, type NamespaceThrottles, WISP_CONFIG, type WispConfig } from '@wisp/core';
import { AuditLog } from '../audit/audit-log';
import { RETENTION_OVERRIDE_KEY } from '../maintenance/namespace-retention';

const CACHE_TTL_MS = 5_000;

/** Throttles of a namespace: stored overrides over the configured defaults (cached briefly; read on the invoke path). */
@Injectable()
export class NamespaceLimitsService {
  private readonly cache = new Map<string, { value: NamespaceThrottles; until: number }>();
  private readonly audit: AuditLog;

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(WISP_CONFIG) private readonly config: WispConfig,
  ) {
    this.audit = new AuditLog(db);
  }

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

  /**
   * Stores overrides for `namespace` (admin command), keeping the overrides it does not name; audited as
   * `limits.set` by `actor`. @throws NotFoundError when the namespace does not exist
   */
  async setThrottles(namespace: string, limits: Partial<NamespaceThrottles>, actor = 'system'): Promise<void> {
    await this.setOverrides(namespace, limits, actor);
    this.cache.delete(namespace);
  }

  private async setOverrides(namespace: string, overrides: Record<string, unknown>, actor: string): Promise<void> {
    if (Object.keys(overrides).length === 0) return;
    const [, n] = (await this.db.query(`UPDATE namespaces SET limits = limits || $2::jsonb WHERE name = $1`, [namespace, JSON.stringify(overrides)])) as [unknown, number];
    if (!n) throw new NotFoundError(`There is no namespace ${namespace}.`);
    await this.audit.record({ actor, action: 'limits.set', target: namespace, details: overrides });
  }

  /** How long `namespace`'s activation records are kept, ms: its override, else `WISP_ACTIVATION_RETENTION`. */
  async activationRetentionOf(namespace: string): Promise<number> {
    const row = await this.db.getRepository(NamespaceEntity).findOneBy({ name: namespace });
    const own = (row?.limits as Record<string, unknown> | undefined)?.[RETENTION_OVERRIDE_KEY];
    return typeof own === 'number' ? Math.min(own, this.config.retention.activationMs) : this.config.retention.activationMs;
  }

  /**
   * Keeps `namespace`'s activation records `ms` instead of the global retention. Only shorter: partitions are shared
   * by every namespace and dropped at the global retention, so no namespace can keep records beyond it.
   * @throws BadRequestError when `ms` exceeds `WISP_ACTIVATION_RETENTION`.
   */
  async setActivationRetention(namespace: string, ms: number, actor = 'system'): Promise<void> {
    const global = this.config.retention.activationMs;
    if (ms > global) throw new BadRequestError(`activationRetention ${formatDuration(ms)} exceeds WISP_ACTIVATION_RETENTION (${formatDuration(global)}); a namespace may only keep its activations for a shorter time`);
    await this.setOverrides(namespace, { [RETENTION_OVERRIDE_KEY]: ms }, actor);
  }
}
