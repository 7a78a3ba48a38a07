import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { type ActivationResponse, DeadLetterEntity, type EntityRef, toStorableValue } from '@wisp/core';
import type { DeliveryPolicy } from './delivery-policy';

/** Everything a controller needs to start another attempt of a rule delivery it did not fire itself. */
export interface RuleDeliveryContext {
  /** Key uuid of the caller that fired (the attempts run as that subject). */
  ownerUuid: string;
  namespace: string;
  rule: string;
  trigger: string;
  action: string;
  actionRef: EntityRef;
  triggerActivationId: string;
  transactionId: string;
  args: Record<string, unknown>;
}

/** One row of `rule_deliveries`: a delivery whose outcome is not final yet. */
export interface RuleDeliveryRow {
  /** The first attempt's activation id (the trigger record's rule line names it). */
  id: string;
  context: RuleDeliveryContext;
  policy: DeliveryPolicy;
  attempts: string[];
  /** The attempt whose record decides what comes next, or null when a retry is due at `next_at`. */
  awaiting: string | null;
  /** After this (epoch ms) an awaited attempt without a record counts as lost. */
  awaitUntil: number | null;
}

/** PostgreSQL's clock in epoch ms, as every due time here uses it. */
const DB_NOW = '(extract(epoch from clock_timestamp()) * 1000)::bigint';

type Raw = { id: string; context: RuleDeliveryContext; policy: DeliveryPolicy; attempts: string[]; awaiting: string | null; await_until: string | null };
const rowOf = (r: Raw): RuleDeliveryRow => ({ ...r, awaitUntil: r.await_until === null ? null : Number(r.await_until) });

/**
 * The durable schedule of rule delivery retries (table `rule_deliveries`). A row is written when the first attempt
 * was accepted and lives until the outcome is final; `next_at` says when some controller must look at it. Due rows
 * are taken with `FOR UPDATE SKIP LOCKED` inside the caller's transaction, so each is handled by one live controller
 * at a time, and a step whose transaction did not commit (the controller died) is simply taken again.
 */
@Injectable()
export class RuleDeliveryStore {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  /** Records a first attempt; it is looked at once its record should exist (`checkInMs`). Idempotent per id. */
  async insert(id: string, context: RuleDeliveryContext, policy: DeliveryPolicy, checkInMs: number): Promise<void> {
    await this.db.query(
      `INSERT INTO rule_deliveries (id, namespace, owner_uuid, context, policy, attempts, awaiting, await_until, next_at, created)
       VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6::jsonb, $1, ${DB_NOW} + $7, ${DB_NOW} + $7, ${DB_NOW}) ON CONFLICT (id) DO NOTHING`,
      [id, context.namespace, context.ownerUuid, JSON.stringify(toStorableValue(context)), JSON.stringify(policy), JSON.stringify([id]), checkInMs],
    );
  }

  /** The awaited attempt `attemptId` finished (its completion reached this controller): look at the row now. */
  async wake(id: string, attemptId: string): Promise<void> {
    await this.db.query(`UPDATE rule_deliveries SET next_at = ${DB_NOW} WHERE id = $1 AND awaiting = $2`, [id, attemptId]);
  }

  /** True when some row is due (a plain read: no transaction is opened for nothing). */
  async anyDue(): Promise<boolean> {
    const rows: unknown[] = await this.db.query(`SELECT 1 FROM rule_deliveries WHERE next_at <= ${DB_NOW} LIMIT 1`);
    return rows.length > 0;
  }

  /** Locks up to `limit` due rows in `tx` (rows another controller holds are skipped). */
  async lockDue(tx: EntityManager, limit: number): Promise<RuleDeliveryRow[]> {
    const rows: Raw[] = await tx.query(
      `SELECT id, context, policy, attempts, awaiting, await_until FROM rule_deliveries WHERE next_at <= ${DB_NOW}
       ORDER BY next_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    );
    return rows.map(rowOf);
  }

  /** Looks at the row again in `ms`. */
  async later(tx: EntityManager, id: string, ms: number): Promise<void> {
    await tx.query(`UPDATE rule_deliveries SET next_at = ${DB_NOW} + $2 WHERE id = $1`, [id, ms]);
  }

  /** The awaited attempt failed retryably: the next one is due in `ms`. */
  async retryIn(tx: EntityManager, id: string, ms: number): Promise<void> {
    await tx.query(`UPDATE rule_deliveries SET awaiting = NULL, await_until = NULL, next_at = ${DB_NOW} + $2 WHERE id = $1`, [id, ms]);
  }

  /** Attempt `attemptId` was accepted: await its record, at the latest in `checkInMs`. */
  async awaitAttempt(tx: EntityManager, id: string, attemptId: string, checkInMs: number): Promise<void> {
    await tx.query(
      `UPDATE rule_deliveries SET awaiting = $2, attempts = attempts || jsonb_build_array($2::text), await_until = ${DB_NOW} + $3, next_at = ${DB_NOW} + $3 WHERE id = $1`,
      [id, attemptId, checkInMs],
    );
  }

  /** The outcome is final: the row goes. */
  async finish(tx: EntityManager, id: string): Promise<void> {
    await tx.query('DELETE FROM rule_deliveries WHERE id = $1', [id]);
  }

  /** Retries ran out: the event becomes a dead letter and the row goes, in `tx`. */
  async deadLetter(tx: EntityManager, row: RuleDeliveryRow, lastResponse: ActivationResponse | null): Promise<void> {
    const c = row.context;
    await tx.getRepository(DeadLetterEntity).insert({
      namespace: c.namespace,
      rule: c.rule,
      trigger: c.trigger,
      action: c.action,
      triggerActivationId: c.triggerActivationId,
      attempts: row.attempts,
      // Results and feed events are tenant bytes: NUL and lone surrogates are stored escaped, as in activation records.
      lastResponse: toStorableValue(lastResponse) as never,
      event: toStorableValue(c.args) as never,
      created: Date.now(),
    });
    await this.finish(tx, row.id);
  }
}
