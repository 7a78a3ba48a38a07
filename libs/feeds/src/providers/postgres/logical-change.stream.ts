import { Logger } from '@nestjs/common';
import { LogicalReplicationService, PgoutputPlugin, type Pgoutput } from 'pg-logical-replication';
import { FeedEgressError, type FeedConnector } from '../../egress/feed-connector';
import type { FeedEmitter, FeedReporter } from '../../feed-provider';
import { PostgresChangesAdmin } from './postgres-changes.admin';
import { postgresClientConfig, vetPostgres } from './postgres-connect';
import { postgresObjectNames, type PostgresFeedConfig } from './postgres-feed-config';
import { compareLsn, jsonRow, lsnMinusOne } from './postgres-row';

type Item = { kind: 'message'; lsn: string; msg: Pgoutput.Message } | { kind: 'keepalive'; lsn: string };

interface Change {
  event: Record<string, unknown>;
  /** Position among all changes of its transaction (before the operations filter): with the commit LSN, its identity. */
  index: number;
}

interface OpenTransaction {
  commitTime: string;
  changes: Change[];
}

const HIGH_WATER = 2000;
const LOW_WATER = 200;
const MAX_BACKOFF_MS = 30_000;

/**
 * Streams one subscription's replication slot (`pgoutput`, protocol 1: whole transactions, sent at commit) and
 * fires each row change. A transaction's changes are fired in order once its COMMIT arrived, and only then is its
 * end LSN acknowledged, so the slot resumes after the last transaction whose changes were all accepted: a restart
 * neither misses nor repeats a transaction. `stop` lets the transaction being fired finish (and be acknowledged)
 * before it closes the stream. If a fire is refused the stream is dropped and restarted from the slot with backoff;
 * changes this process already had accepted are skipped on the replay. Each change is emitted with its durable
 * identity (commit LSN, index in the transaction) as `eventKey`, so the runner's ledger fires it exactly once even
 * when a crash between a fire and its acknowledgement makes another process replay the transaction from the slot.
 *
 * Acknowledgements: `pg-logical-replication` reports `lsn + 1` as flushed, and PostgreSQL skips, on restart, every
 * transaction whose commit record starts before the confirmed position; a commit record may start exactly at the
 * previous commit's end, so we hand it `lsn - 1` to report exactly `lsn`, as PostgreSQL's own subscribers do.
 */
export class LogicalChangeStream {
  private readonly logger = new Logger(LogicalChangeStream.name);
  private readonly names: ReturnType<typeof postgresObjectNames>;
  private stopped = false;
  private running?: Promise<void>;
  private service?: LogicalReplicationService;
  private queue: Item[] = [];
  private processing?: Promise<void>;
  private paused = false;
  private tx?: OpenTransaction;
  private acked = '0/0';
  private failure?: Error;
  /**
   * Changes accepted per transaction (by commit LSN) whose acknowledgement the server may not have recorded yet:
   * a replay after a failed fire or a dropped connection skips them instead of firing them twice.
   */
  private readonly accepted = new Map<string, number>();
  private wake?: () => void;
  private halt!: () => void;
  /** Settles on `stop`: connection attempts race it, so one in progress cannot hold `stop` up. */
  private readonly halted = new Promise<void>((resolve) => (this.halt = resolve));

  constructor(
    private readonly subscriptionId: string,
    private readonly config: PostgresFeedConfig,
    private readonly egress: FeedConnector,
    private readonly emit: FeedEmitter,
    private readonly report: FeedReporter,
  ) {
    this.names = postgresObjectNames(subscriptionId);
  }

  start(): void {
    this.running = this.loop();
  }

  /** Lets the transaction being fired finish, then closes the stream; fires nothing afterwards. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.halt();
    this.wake?.();
    await this.processing;
    await this.service?.stop().catch(() => undefined);
    await this.running;
  }

  private async loop(): Promise<void> {
    let backoff = 1000;
    while (!this.stopped) {
      const started = Date.now();
      try {
        await this.streamOnce();
      } catch (e) {
        if (this.stopped) break;
        if (e instanceof FeedEgressError) {
          // The policy or Wisp's own database refused the target: retrying cannot help, the subscription is disabled.
          this.report((e as Error).message, { done: true });
          break;
        }
        if (Date.now() - started > 60_000) backoff = 1000;
        this.report(`replication from slot ${this.names.slot} interrupted: ${(e as Error).message}; retrying in ${backoff / 1000} s`);
        this.logger.warn(`subscription ${this.subscriptionId}: ${(e as Error).message}`);
      }
      if (this.stopped) break;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        setTimeout(resolve, backoff);
      });
      backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
    }
  }

  private async streamOnce(): Promise<void> {
    this.queue = [];
    this.tx = undefined;
    this.failure = undefined;
    this.paused = false;
    // One vetted endpoint for both connections: the replication stream opens only where the identity was checked.
    const vetted = await vetPostgres(this.egress, this.config.connection);
    const connecting = PostgresChangesAdmin.connect(vetted, this.config.connection);
    await Promise.race([connecting.catch(() => undefined), this.halted]);
    if (this.stopped) {
      void connecting.then((c) => c.end(), () => undefined);
      return;
    }
    const admin = await connecting;
    try {
      const confirmed = await PostgresChangesAdmin.confirmedLsn(admin, this.names.slot);
      if (!confirmed) throw new Error(`the replication slot ${this.names.slot} does not exist (dropped outside Wisp?); recreate the feed`);
      this.acked = confirmed;
      for (const commitLsn of this.accepted.keys()) if (compareLsn(commitLsn, confirmed) < 0) this.accepted.delete(commitLsn);
    } finally {
      await admin.end().catch(() => undefined);
    }
    // The stream's own connection is capped until the server starts replicating from the slot it was asked for.
    const cap = this.egress.receiveCap();
    const service = new LogicalReplicationService(
      postgresClientConfig(vetted, { application_name: `wisp-feed-${this.subscriptionId}` }, cap),
      { acknowledge: { auto: false, timeoutSeconds: 0 } },
    );
    this.service = service;
    service.on('data', (lsn: string, msg: Pgoutput.Message) => this.enqueue({ kind: 'message', lsn, msg }));
    service.on('heartbeat', (lsn: string, _ts: number, shouldRespond: boolean) => {
      this.enqueue({ kind: 'keepalive', lsn });
      if (shouldRespond) void this.ack(this.acked);
    });
    service.on('error', (e: Error) => {
      this.failure ??= e;
    });
    service.on('start', () => cap.lift());
    service.on('start', () => this.report(`streaming changes of ${this.config.tables.join(', ')} from slot ${this.names.slot} after LSN ${this.acked}`));
    if (this.stopped) return;
    try {
      const streaming = service.subscribe(new PgoutputPlugin({ protoVersion: 1, publicationNames: [this.names.publication] }), this.names.slot);
      streaming.catch(() => undefined);
      await Promise.race([streaming, this.halted]);
    } finally {
      // The stream is gone: stop after the item in progress; what is left is replayed from the slot.
      this.failure ??= new Error('the replication stream ended');
      await this.processing;
      await service.destroy().catch(() => undefined);
      if (this.service === service) this.service = undefined;
    }
    if (!this.stopped) throw this.failure;
  }

  private enqueue(item: Item): void {
    if (this.failure || this.stopped) return;
    this.queue.push(item);
    if (!this.paused && this.queue.length > HIGH_WATER) this.flow(false);
    this.processing ??= this.drain().finally(() => (this.processing = undefined));
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0 && !this.failure && !this.stopped) {
      const item = this.queue.shift()!;
      if (this.paused && this.queue.length < LOW_WATER) this.flow(true);
      try {
        await this.handle(item);
      } catch (e) {
        this.failure = e as Error;
        void this.service?.stop().catch(() => undefined);
      }
    }
  }

  private async handle(item: Item): Promise<void> {
    if (item.kind === 'keepalive') {
      // Everything received before this keepalive is handled and no transaction is open: the slot may move up to it.
      if (!this.tx && compareLsn(item.lsn, this.acked) > 0) await this.ack(item.lsn);
      return;
    }
    const msg = item.msg;
    switch (msg.tag) {
      case 'begin':
        this.tx = { commitTime: microsToIso(msg.commitTime), changes: [] };
        return;
      case 'insert':
      case 'update':
      case 'delete':
        this.tx?.changes.push(this.change(msg, item.lsn, this.tx.changes.length));
        return;
      case 'commit':
        await this.commit(msg);
        return;
      default:
        return;
    }
  }

  private change(msg: Pgoutput.MessageInsert | Pgoutput.MessageUpdate | Pgoutput.MessageDelete, lsn: string, index: number): Change {
    const event: Record<string, unknown> = {
      table: msg.relation.name,
      schema: msg.relation.schema,
      operation: msg.tag,
      new: msg.tag === 'delete' ? null : jsonRow(msg.new),
      old: msg.tag === 'insert' ? null : jsonRow(msg.old ?? msg.key),
      lsn,
      commitTime: this.tx?.commitTime,
    };
    return { event, index };
  }

  private async commit(msg: Pgoutput.MessageCommit): Promise<void> {
    const tx = this.tx;
    this.tx = undefined;
    const commitLsn = msg.commitLsn ?? '';
    const ops = this.config.operations as string[];
    const changes = (tx?.changes ?? []).filter((c) => ops.includes(String(c.event.operation)));
    for (let i = this.accepted.get(commitLsn) ?? 0; i < changes.length; i++) {
      await this.emit(changes[i].event, { eventKey: `pg:${commitLsn}:${changes[i].index}` });
      this.accepted.set(commitLsn, i + 1);
      if (this.accepted.size > 1000) this.accepted.delete(this.accepted.keys().next().value!);
    }
    if (msg.commitEndLsn) await this.ack(msg.commitEndLsn);
  }

  private async ack(lsn: string): Promise<void> {
    if (compareLsn(lsn, this.acked) < 0) lsn = this.acked;
    this.acked = lsn;
    await this.service?.acknowledge(lsnMinusOne(lsn));
  }

  /** Pauses or resumes reading the replication socket (the library's own flow control swallows handler errors). */
  private flow(on: boolean): void {
    const stream = (this.service as unknown as { _connection?: { stream?: { pause(): void; resume(): void } } } | undefined)?._connection?.stream;
    if (on) stream?.resume();
    else stream?.pause();
    this.paused = !on;
  }
}

function microsToIso(micros: bigint | BigInt): string {
  return new Date(Number((micros as bigint) / 1000n)).toISOString();
}
