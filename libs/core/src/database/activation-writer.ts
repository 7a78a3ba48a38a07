import { Injectable, Logger } from '@nestjs/common';
import type { ActivationRecord } from '../activations';
import { DataSource } from 'typeorm';
import { hasUnsafeText, toStorableJson, toStorableText } from '../text';

/** Flush as soon as this many records wait. */
const BATCH_TRIGGER = 64;
/** Largest batch in one statement (15 parameters per row, far below PostgreSQL's 65535). */
const BATCH_MAX = 256;
/** Longest a lone record waits for company. */
const LINGER_MS = 5;
const BACKOFF_MS = [50, 100, 250, 500, 1000, 2000, 5000];
const COLUMNS = [
  'activation_id', 'namespace', 'name', 'entity_name', 'version', 'subject', 'start', '"end"', 'duration', 'cause', 'status_code', 'response', 'logs', 'annotations', 'publish',
];
const JSON_COLUMNS = new Set([11, 12, 13]);

interface Pending {
  record: ActivationRecord;
  resolve: () => void;
  reject: (e: Error) => void;
}

/** A record PostgreSQL refuses for its content (not for a lost connection): retrying would not help. */
export class RecordRejectedError extends Error {}

/**
 * Stores activation records in batches: one multi-row `INSERT … ON CONFLICT (activation_id, start) DO NOTHING` per
 * batch (a retried batch that had committed stores nothing twice; `start` is part of the key because `activations` is
 * partitioned by it), flushed at 64 waiting records or after 5 ms. `write` resolves once the
 * record's batch committed. Lost connections are retried with backoff until the record is stored; a batch refused for
 * its content is split so one bad record cannot hold back the others.
 *
 * Results, logs and annotations are tenant bytes: a `\u0000` or a lone UTF-16 surrogate in them (or in a text
 * column) is stored escaped as the six visible characters (`\u0000`, `\ud800`), never refused and never dropped
 * (see {@link toStorableJson}). A record that cannot be serialised at all is rejected like one PostgreSQL refuses.
 */
@Injectable()
export class ActivationWriter {
  private readonly logger = new Logger(ActivationWriter.name);
  private queue: Pending[] = [];
  private timer?: NodeJS.Timeout;
  private readonly inFlight = new Set<Promise<void>>();
  private closing = false;

  constructor(private readonly dataSource: DataSource) {}

  /** Queues `record`; resolves when stored. @throws RecordRejectedError when PostgreSQL refuses its content. */
  write(record: ActivationRecord): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ record, resolve, reject });
      if (this.queue.length >= BATCH_TRIGGER) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), LINGER_MS);
    });
  }

  /**
   * Stores `record` unless one with its id is stored already (the activation id is the idempotency key). The key of
   * the partitioned table holds `start` too, so ON CONFLICT cannot see a record with another start: this reads first,
   * and is meant for fallback records (a lost invoker, a lost activation) whose run can no longer race it.
   */
  async writeIfAbsent(record: ActivationRecord): Promise<void> {
    if (!(await this.isStored(record.activationId))) await this.write(record);
  }

  /**
   * Stores `record` through `query` (another statement's transaction), keyed like every batch: a record whose
   * (activation id, start) is stored already is kept as it is. For a record that must commit together with the row
   * that makes its work effectively once (see the feed event ledger).
   */
  async insertWith(query: (sql: string, params: unknown[]) => Promise<unknown>, record: ActivationRecord): Promise<void> {
    await this.insert([record], query);
  }

  /** True when a record with this id is stored. */
  async isStored(activationId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query('SELECT 1 FROM activations WHERE activation_id = $1', [activationId]);
    return rows.length > 0;
  }

  /** Flushes everything queued and waits (at most `timeoutMs`) for every batch to commit. */
  async close(timeoutMs = 10_000): Promise<void> {
    this.closing = true;
    const until = Date.now() + timeoutMs;
    while ((this.queue.length > 0 || this.inFlight.size > 0) && Date.now() < until) {
      this.flush();
      await Promise.race([Promise.all([...this.inFlight]), new Promise((r) => setTimeout(r, Math.max(1, until - Date.now())))]);
    }
    if (this.queue.length > 0 || this.inFlight.size > 0) this.logger.error(`shutting down with ${this.queue.length} unflushed activation record(s)`);
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, BATCH_MAX);
      const done = this.store(batch).finally(() => this.inFlight.delete(done));
      this.inFlight.add(done);
    }
  }

  private async store(batch: Pending[]): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.insert(batch.map((p) => p.record));
        for (const p of batch) p.resolve();
        return;
      } catch (e) {
        if (isContentError(e) || e instanceof RecordRejectedError) return this.storeOneByOne(batch, e as Error);
        if (this.closing && attempt >= 3) {
          for (const p of batch) p.reject(e as Error);
          return;
        }
        const wait = BACKOFF_MS[Math.min(attempt, BACKOFF_MS.length - 1)];
        this.logger.warn(`cannot store ${batch.length} activation record(s) (${(e as Error).message}); retrying in ${wait} ms`);
        await new Promise((r) => setTimeout(r, wait));
      }
    }
  }

  private async storeOneByOne(batch: Pending[], cause: Error): Promise<void> {
    if (batch.length === 1) {
      this.logger.error(`activation ${batch[0].record.activationId} refused by PostgreSQL: ${cause.message}`);
      batch[0].reject(new RecordRejectedError(cause.message));
      return;
    }
    await Promise.all(batch.map((p) => this.store([p])));
  }

  private async insert(records: ActivationRecord[], query = (sql: string, params: unknown[]) => this.dataSource.query(sql, params)): Promise<void> {
    const params: unknown[] = [];
    const rows = records.map((r) => {
      const values = [
        r.activationId, r.namespace, r.name, r.entityName, r.version, r.subject, r.start, r.end, r.duration, r.cause,
        r.response.statusCode, ...jsonColumns(r), r.publish,
      ].map((v) => (typeof v === 'string' && hasUnsafeText(v) ? toStorableText(v) : v));
      const placeholders = values.map((v, i) => {
        params.push(v);
        return JSON_COLUMNS.has(i) ? `$${params.length}::jsonb` : `$${params.length}`;
      });
      return `(${placeholders.join(', ')})`;
    });
    await query(`INSERT INTO activations (${COLUMNS.join(', ')}) VALUES ${rows.join(', ')} ON CONFLICT (activation_id, start) DO NOTHING`, params);
  }
}

/**
 * The record's jsonb columns as text. A value `JSON.stringify` cannot write (nesting deep enough to overflow the stack)
 * is a fault of the record, not of the connection: retrying would never help, so it is rejected at once.
 */
function jsonColumns(r: ActivationRecord): string[] {
  try {
    return [toStorableJson(r.response), toStorableJson(r.logs), toStorableJson(r.annotations)];
  } catch (e) {
    throw new RecordRejectedError(`the record cannot be serialised as JSON: ${(e as Error).message}`);
  }
}

/** SQLSTATE classes 22 (data exception) and 23 (integrity violation) are about the rows, not the connection. */
function isContentError(e: unknown): boolean {
  const code = (e as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('22') || code.startsWith('23'));
}
