import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ActivationEntity, type ActivationRecord, ActivationWriter, WISP_CONFIG, type WispConfig } from '@wisp/core';
import { RecentActivationsCache } from './recent-activations.cache';
import { type BacklogSlot, RecordBacklog } from './record-backlog';

/**
 * Longest an accepted fire waits for its own record to commit before answering, ms. A healthy PostgreSQL commits in
 * milliseconds; past this the record stays with the batched writer (in a backlog slot) and the fire answers anyway.
 */
const ACCEPTED_RECORD_WAIT_MS = 1_000;

/** Filters of an activation list. */
export interface ActivationQuery {
  namespace: string;
  entityName?: string;
  /** Only children of this activation (trace: trigger → rule activations → sequence components). */
  cause?: string;
  since?: number;
  upto?: number;
  skip: number;
  limit: number;
}

/** Reads and writes activation records (the invoker writes most; the controller writes the ones it decides itself). */
@Injectable()
export class ActivationStore implements OnApplicationShutdown {
  private readonly writer: ActivationWriter;
  private readonly backlog: RecordBacklog;

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly recent: RecentActivationsCache,
    @Inject(WISP_CONFIG) config: WispConfig,
  ) {
    this.writer = new ActivationWriter(db);
    this.backlog = new RecordBacklog(config.outage.recordBacklogBytes, config.outage.retryAfterS);
  }

  /** Stores a new record the controller decided (trigger, sequence), batched with others; resolves once committed. */
  async write(record: ActivationRecord): Promise<void> {
    this.recent.put(record);
    await this.writer.write(record);
  }

  /**
   * Reserves room for a record of about `bytes` that may have to wait in memory for PostgreSQL. Taken before the work it
   * records is queued. @throws StoreUnavailableError (PostgreSQL) when too many records wait already.
   */
  reserve(bytes: number): BacklogSlot {
    return this.backlog.reserve(bytes);
  }

  /**
   * Stores the record of work that is already durable elsewhere (its messages were confirmed): waits for the commit at
   * most {@link ACCEPTED_RECORD_WAIT_MS}, then leaves the record to the batched writer, which keeps retrying until
   * PostgreSQL is back. `slot` (from {@link reserve}) is released once the record is committed or refused. Never
   * throws: the work runs whatever happens to its record (the writer logs a record PostgreSQL refuses).
   */
  async writeAccepted(record: ActivationRecord, slot: BacklogSlot): Promise<void> {
    this.recent.put(record);
    const committed = this.writer.write(record).then(
      () => slot.release(),
      () => slot.release(),
    );
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<void>((r) => (timer = setTimeout(r, ACCEPTED_RECORD_WAIT_MS)));
    await Promise.race([committed, waited]);
    clearTimeout(timer);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.writer.close();
  }

  /** One record of `namespace` by id: the recent-completions cache first, then PostgreSQL. */
  async find(namespace: string, activationId: string): Promise<ActivationRecord | undefined> {
    const hit = this.recent.get(activationId);
    if (hit && hit.namespace === namespace) return hit;
    // An id handed out by another controller may be a few ms ahead of the invoker's batched write.
    for (const wait of [0, 20, 50]) {
      if (wait) await new Promise((r) => setTimeout(r, wait));
      const row = await this.db.getRepository(ActivationEntity).findOneBy({ activationId, namespace });
      if (row) return row;
    }
    return undefined;
  }

  /** Stores a record unless one with its id exists (see {@link ActivationWriter.writeIfAbsent}); returns the stored one. */
  async insertIfAbsent(record: ActivationRecord): Promise<ActivationRecord> {
    await this.writer.writeIfAbsent(record);
    return (await this.db.getRepository(ActivationEntity).findOneBy({ activationId: record.activationId })) ?? record;
  }

  /** A page of records, newest first. */
  async list(q: ActivationQuery, withDocs: boolean): Promise<ActivationEntity[]> {
    const qb = this.query(q).orderBy('a.start', 'DESC').offset(q.skip).limit(q.limit);
    if (!withDocs) qb.select(['a.activationId', 'a.namespace', 'a.name', 'a.version', 'a.publish', 'a.annotations', 'a.start', 'a.end', 'a.duration', 'a.cause', 'a.statusCode']);
    return qb.getMany();
  }

  /** How many records match. */
  count(q: ActivationQuery): Promise<number> {
    return this.query(q).getCount();
  }

  private query(q: ActivationQuery) {
    const qb = this.db.getRepository(ActivationEntity).createQueryBuilder('a').where('a.namespace = :ns', { ns: q.namespace });
    if (q.entityName) qb.andWhere('a.entity_name = :n', { n: q.entityName });
    if (q.cause) qb.andWhere('a.cause = :cause', { cause: q.cause });
    if (q.since !== undefined) qb.andWhere('a.start >= :since', { since: q.since });
    if (q.upto !== undefined) qb.andWhere('a.start <= :upto', { upto: q.upto });
    return qb;
  }
}
