import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ConflictError, hasUnsafeText, type SubscriptionStatus, toStorableText } from '@wisp/core';
import { FeedSecrets } from './feed-secrets';

/** A `feed_subscriptions` row with the runner's bookkeeping columns. */
export interface SubscriptionRow {
  id: string;
  triggerNamespace: string;
  triggerName: string;
  kind: string;
  /** The provider's validated (and `create`-enriched) config, its secrets opened (they are sealed in the table). */
  config: Record<string, unknown>;
  /** The user's feed parameters as given (UPDATE merges into them). */
  params: Record<string, unknown>;
  status: SubscriptionStatus;
  ownerUuid: string;
  leaseOwner: string | null;
  leaseExpires: number | null;
  updated: number;
  lastFiredAt: number | null;
  firedCount: number;
}

/** PostgreSQL's clock in epoch ms: every lease decision uses one clock, whichever host a runner is on. */
const DB_NOW = '(extract(epoch from clock_timestamp()) * 1000)::bigint';

type Raw = Record<string, unknown>;

function toRow(r: Raw, secrets: FeedSecrets): SubscriptionRow {
  const kind = r.kind as string;
  return {
    id: r.id as string,
    triggerNamespace: r.trigger_namespace as string,
    triggerName: r.trigger_name as string,
    kind,
    config: secrets.open(kind, r.config as Record<string, unknown>),
    params: secrets.open(kind, (r.params as Record<string, unknown>) ?? {}),
    status: r.status as SubscriptionStatus,
    ownerUuid: r.owner_uuid as string,
    leaseOwner: (r.lease_owner as string | null) ?? null,
    leaseExpires: r.lease_expires === null || r.lease_expires === undefined ? null : Number(r.lease_expires),
    updated: Number(r.updated),
    lastFiredAt: r.last_fired_at === null || r.last_fired_at === undefined ? null : Number(r.last_fired_at),
    firedCount: Number(r.fired_count ?? 0),
  };
}

/**
 * Persistence of feed subscriptions and their leases. Plain SQL: the lease and claim statements are single
 * conditional UPDATEs, which is what makes "exactly one runner" and "each tick at most once" hold across processes.
 * Secret fields of `config` and `params` are sealed on every write and opened on every read ({@link FeedSecrets}).
 */
@Injectable()
export class FeedSubscriptionStore {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly secrets: FeedSecrets,
  ) {}

  private async rows(sql: string, args: unknown[]): Promise<SubscriptionRow[]> {
    const out = (await this.db.query(sql, args)) as Raw[] | [Raw[], number];
    // UPDATE … RETURNING answers [rows, count] through TypeORM's postgres driver; SELECT answers rows.
    const list = Array.isArray(out[0]) ? (out[0] as Raw[]) : (out as Raw[]);
    return list.map((r) => toRow(r, this.secrets));
  }

  async findByTrigger(namespace: string, name: string): Promise<SubscriptionRow | undefined> {
    return (await this.rows('SELECT * FROM feed_subscriptions WHERE trigger_namespace = $1 AND trigger_name = $2', [namespace, name]))[0];
  }

  async findById(id: string): Promise<SubscriptionRow | undefined> {
    return (await this.rows('SELECT * FROM feed_subscriptions WHERE id = $1', [id]))[0];
  }

  /**
   * Inserts an inactive subscription ("creating") so nothing runs it before the provider's `create` finished, unless
   * the namespace already has `maxFeeds` (then undefined, nothing inserted). Counting and inserting hold the
   * namespace's advisory lock, so concurrent CREATEs cannot pass the limit together.
   * @throws ConflictError when the trigger has a subscription already.
   */
  async insertCreating(
    f: Pick<SubscriptionRow, 'triggerNamespace' | 'triggerName' | 'kind' | 'config' | 'params' | 'ownerUuid'>,
    maxFeeds: number,
  ): Promise<SubscriptionRow | undefined> {
    try {
      return await this.db.transaction(async (tx) => {
        await tx.query(`SELECT pg_advisory_xact_lock(hashtext('wisp-feeds:' || $1))`, [f.triggerNamespace]);
        const [{ n }] = (await tx.query('SELECT count(*)::int AS n FROM feed_subscriptions WHERE trigger_namespace = $1', [f.triggerNamespace])) as { n: number }[];
        if (n >= maxFeeds) return undefined;
        const out = (await tx.query(
          `INSERT INTO feed_subscriptions (trigger_namespace, trigger_name, kind, config, params, status, owner_uuid, updated)
           VALUES ($1, $2, $3, $4, $5, jsonb_build_object('active', false, 'reason', 'creating', 'changedAt', ${DB_NOW}), $6, ${DB_NOW}) RETURNING *`,
          [f.triggerNamespace, f.triggerName, f.kind, this.sealed(f.kind, f.config), this.sealed(f.kind, f.params), f.ownerUuid],
        )) as Raw[];
        return toRow(out[0], this.secrets);
      });
    } catch (e) {
      if ((e as { code?: string }).code === '23505') throw new ConflictError(`The trigger /${f.triggerNamespace}/${f.triggerName} already has a feed.`);
      throw e;
    }
  }

  /** Active subscriptions (the upgrade audit checks them against the feed policy). */
  listActive(): Promise<SubscriptionRow[]> {
    return this.rows(`SELECT * FROM feed_subscriptions WHERE (status->>'active')::boolean ORDER BY id`, []);
  }

  /** Finishes CREATE: stores the provider's config, activates, and leases it to `runner` so it starts here at once. */
  async activateCreated(id: string, kind: string, config: Record<string, unknown>, runner: string, leaseMs: number): Promise<void> {
    await this.db.query(
      `UPDATE feed_subscriptions SET config = $2, status = jsonb_build_object('active', true, 'changedAt', ${DB_NOW}),
         lease_owner = $3, lease_expires = ${DB_NOW} + $4, updated = ${DB_NOW} WHERE id = $1`,
      [id, this.sealed(kind, config), runner, leaseMs],
    );
  }

  /** UPDATE: new params and config; the runner holding it restarts it with the new config. */
  async updateConfig(id: string, kind: string, config: Record<string, unknown>, params: Record<string, unknown>): Promise<void> {
    await this.db.query(`UPDATE feed_subscriptions SET config = $2, params = $3, updated = ${DB_NOW} WHERE id = $1`, [id, this.sealed(kind, config), this.sealed(kind, params)]);
  }

  /**
   * Seals the plaintext secrets of rows stored before secrets were sealed (boot). Each row is rewritten only if it
   * is unchanged since it was read, so concurrent boots and writers never lose an update. Returns the rows sealed.
   */
  async sealPlaintext(): Promise<number> {
    const rows = (await this.db.query('SELECT id, kind, config, params FROM feed_subscriptions')) as Raw[];
    let sealed = 0;
    for (const r of rows) {
      const kind = r.kind as string;
      const config = r.config as Record<string, unknown>;
      const params = (r.params as Record<string, unknown> | null) ?? {};
      if (!this.secrets.hasPlaintext(kind, config) && !this.secrets.hasPlaintext(kind, params)) continue;
      const [, n] = (await this.db.query('UPDATE feed_subscriptions SET config = $2, params = $3 WHERE id = $1 AND config = $4 AND params IS NOT DISTINCT FROM $5', [
        r.id,
        this.sealed(kind, this.secrets.open(kind, config)),
        this.sealed(kind, this.secrets.open(kind, params)),
        JSON.stringify(config),
        r.params === null ? null : JSON.stringify(params),
      ])) as [unknown, number];
      sealed += n;
    }
    return sealed;
  }

  private sealed(kind: string, values: Record<string, unknown>): string {
    return JSON.stringify(this.secrets.seal(kind, values));
  }

  /** Sets active/inactive with a reason; activating frees the lease so any runner (this one first) picks it up. */
  async setActive(id: string, active: boolean, reason?: string): Promise<void> {
    const status = `jsonb_strip_nulls(jsonb_build_object('active', $2::boolean, 'reason', $3::text, 'changedAt', ${DB_NOW}))`;
    await this.db.query(`UPDATE feed_subscriptions SET status = ${status}, updated = ${DB_NOW}${active ? ', lease_owner = NULL, lease_expires = NULL' : ''} WHERE id = $1`, [id, active, storableReason(reason)]);
  }

  /** Records a reason while the subscription stays active (a provider's report). */
  async setReason(id: string, reason: string): Promise<void> {
    await this.db.query(`UPDATE feed_subscriptions SET status = status || jsonb_build_object('reason', $2::text, 'changedAt', ${DB_NOW}) WHERE id = $1 AND (status->>'active')::boolean`, [id, storableReason(reason)]);
  }

  async delete(id: string): Promise<void> {
    await this.db.query('DELETE FROM feed_subscriptions WHERE id = $1', [id]);
  }

  /** Extends the leases `runner` holds on active subscriptions; returns them (others were lost, paused or deleted). */
  renew(runner: string, leaseMs: number): Promise<SubscriptionRow[]> {
    return this.rows(
      `UPDATE feed_subscriptions SET lease_expires = ${DB_NOW} + $2
       WHERE lease_owner = $1 AND lease_expires > ${DB_NOW} AND (status->>'active')::boolean RETURNING *`,
      [runner, leaseMs],
    );
  }

  /** Takes up to `limit` active subscriptions nobody holds (never leased, released, or expired). */
  acquire(runner: string, leaseMs: number, limit: number): Promise<SubscriptionRow[]> {
    return this.rows(
      `UPDATE feed_subscriptions SET lease_owner = $1, lease_expires = ${DB_NOW} + $2
       WHERE id IN (SELECT id FROM feed_subscriptions
                    WHERE (status->>'active')::boolean AND (lease_owner IS NULL OR lease_expires IS NULL OR lease_expires <= ${DB_NOW})
                    ORDER BY updated LIMIT $3 FOR UPDATE SKIP LOCKED)
       RETURNING *`,
      [runner, leaseMs, limit],
    );
  }

  /** Gives up `runner`'s leases (shutdown), so another process takes them over at once. */
  async release(runner: string): Promise<void> {
    await this.db.query('UPDATE feed_subscriptions SET lease_owner = NULL, lease_expires = NULL WHERE lease_owner = $1', [runner]);
  }

  /**
   * Claims one fire for the lease holder: counts it and moves `last_fired_at`, only while `runner` holds a live lease
   * on an active subscription and (for a scheduled tick) only when the tick is after the last fired one. Returns the
   * new fire count, or undefined when the fire must not happen.
   */
  async claim(id: string, runner: string, scheduledAt: number | undefined): Promise<number | undefined> {
    const tick = scheduledAt === undefined ? `${DB_NOW}` : '$3::bigint';
    const newer = scheduledAt === undefined ? '' : ' AND (last_fired_at IS NULL OR last_fired_at < $3::bigint)';
    const out = (await this.db.query(
      `UPDATE feed_subscriptions SET last_fired_at = ${tick}, fired_count = fired_count + 1
       WHERE id = $1 AND lease_owner = $2 AND lease_expires > ${DB_NOW} AND (status->>'active')::boolean${newer} RETURNING fired_count`,
      scheduledAt === undefined ? [id, runner] : [id, runner, scheduledAt],
    )) as [Raw[], number];
    const row = out[0]?.[0];
    return row ? Number(row.fired_count) : undefined;
  }

  /** Deletes the rules of a trigger (`deleteAfterFire: 'rules'`). */
  async deleteRulesOf(namespace: string, triggerName: string): Promise<void> {
    await this.db.query('DELETE FROM rules WHERE trigger_path = $1', [`${namespace}/${triggerName}`]);
  }
}

/** A reason often quotes a target's error text, which a tenant controls: NUL and lone surrogates are stored escaped. */
function storableReason(reason: string | undefined): string | null {
  if (reason === undefined) return null;
  return hasUnsafeText(reason) ? toStorableText(reason) : reason;
}
