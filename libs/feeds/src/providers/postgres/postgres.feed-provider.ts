import type { OnApplicationShutdown } from '@nestjs/common';
import { FeedProviderKind } from '../../feed-provider.decorator';
import type { FeedDetails, FeedEmitter, FeedEndpoint, FeedProvider, FeedReporter, FeedSubscription } from '../../feed-provider';
import { LogicalChangeStream } from './logical-change.stream';
import { NotifyChangeStream } from './notify-change.stream';
import { PostgresChangesAdmin } from './postgres-changes.admin';
import { parsePostgresTarget } from './postgres-target';
import { parsePostgresFeedConfig, postgresObjectNames, type PostgresFeedConfig } from './postgres-feed-config';

/**
 * `postgres` feeds (connection pattern): row changes of the chosen tables fire the trigger as
 * `{table, schema, operation, new, old, lsn?, commitTime}`.
 * - `logical` (default): a publication and a `pgoutput` replication slot named `wisp_<subscription id>`; the slot
 *   keeps every change until it is acknowledged, which happens only after the fire was accepted, so changes made
 *   while Wisp is stopped or paused arrive afterwards, once each. The slot holds WAL on the user's server, so
 *   DELETE always drops it (by name, whatever CREATE got to) and fails loudly when it cannot.
 * - `notify`: a trigger function with `pg_notify` on each table; lighter, but nothing is delivered while no Wisp
 *   process listens (stopped, paused, reconnecting). `commitTime` is then the transaction's start time, and rows
 *   too large for a notification (8000 bytes) arrive with `truncated: true` and no `new`/`old`.
 */
@FeedProviderKind('postgres')
export class PostgresFeedProvider implements FeedProvider<PostgresFeedConfig>, OnApplicationShutdown {
  readonly kind = 'postgres';
  readonly secretFields = { connection: 'url' } as const;
  private readonly streams = new Map<string, LogicalChangeStream | NotifyChangeStream>();

  validate(params: Record<string, unknown>): PostgresFeedConfig {
    return parsePostgresFeedConfig(params);
  }

  async create(sub: FeedSubscription<PostgresFeedConfig>): Promise<PostgresFeedConfig> {
    await PostgresChangesAdmin.reconcile(sub.egress, sub.id, sub.config, true);
    return sub.config;
  }

  async read(sub: FeedSubscription<PostgresFeedConfig>): Promise<FeedDetails> {
    const names = postgresObjectNames(sub.id);
    if (sub.config.mode === 'notify') return { mode: 'notify', channel: names.channel, function: names.notifyFunction };
    try {
      return { mode: 'logical', publication: names.publication, slot: (await PostgresChangesAdmin.slotState(sub.egress, sub.id, sub.config.connection)) ?? { name: names.slot, missing: true } };
    } catch (e) {
      return { mode: 'logical', publication: names.publication, slot: { name: names.slot, error: (e as Error).message } };
    }
  }

  /** Same database: the objects are altered in place (a logical slot keeps its position). Another database: moved. */
  async update(sub: FeedSubscription<PostgresFeedConfig>, next: PostgresFeedConfig): Promise<PostgresFeedConfig> {
    if (sub.config.connection !== next.connection) {
      // Dropped first: two spellings of one database's URL would otherwise drop the objects just created.
      await PostgresChangesAdmin.drop(sub.egress, sub.id, sub.config.connection);
      await PostgresChangesAdmin.reconcile(sub.egress, sub.id, next, true);
    } else {
      await PostgresChangesAdmin.reconcile(sub.egress, sub.id, next, false);
    }
    return next;
  }

  async delete(sub: FeedSubscription<PostgresFeedConfig>): Promise<void> {
    await this.stop(sub);
    await PostgresChangesAdmin.drop(sub.egress, sub.id, sub.config.connection);
  }

  /** logical: the slot keeps collecting changes, delivered after UNPAUSE. notify: changes while paused are not delivered. */
  async pause(): Promise<void> {}

  async resume(): Promise<void> {}

  async start(sub: FeedSubscription<PostgresFeedConfig>, emit: FeedEmitter, report: FeedReporter): Promise<void> {
    await this.stop(sub);
    const stream = sub.config.mode === 'logical' ? new LogicalChangeStream(sub.id, sub.config, sub.egress, emit, report) : new NotifyChangeStream(sub.id, sub.config, sub.egress, emit, report);
    this.streams.set(sub.id, stream);
    stream.start();
  }

  async stop(sub: FeedSubscription<PostgresFeedConfig>): Promise<void> {
    const stream = this.streams.get(sub.id);
    this.streams.delete(sub.id);
    await stream?.stop();
  }

  endpoints(config: PostgresFeedConfig): FeedEndpoint[] {
    const { host, port } = parsePostgresTarget(config.connection);
    return [{ host, port }];
  }

  async onApplicationShutdown(): Promise<void> {
    const all = [...this.streams.values()];
    this.streams.clear();
    await Promise.all(all.map((s) => s.stop()));
  }
}
