import { Client, type Notification } from 'pg';
import { FeedEgressError, type FeedConnector } from '../../egress/feed-connector';
import type { FeedEmitter, FeedReporter } from '../../feed-provider';
import { assertForeignDatabase, postgresClientConfig, QUERY_TIMEOUTS, vetPostgres } from './postgres-connect';
import { postgresObjectNames, redactedConnection, type PostgresFeedConfig } from './postgres-feed-config';

const MAX_BACKOFF_MS = 30_000;

/**
 * LISTENs on a `notify` subscription's channel and fires each notification in order. PostgreSQL keeps no
 * notification for a listener that is not connected: changes made while the connection is down (or Wisp stopped)
 * are not delivered, which is what `notify` mode documents. The connection is re-established with backoff, and a
 * notification whose fire was refused is reported in the status, never dropped silently.
 */
export class NotifyChangeStream {
  private readonly channel: string;
  private stopped = false;
  private client?: Client;
  private running?: Promise<void>;
  private chain: Promise<void> = Promise.resolve();
  private wake?: () => void;
  private halt!: () => void;
  /** Settles on `stop`: every wait below races it, so a connection attempt in progress cannot hold `stop` up. */
  private readonly halted = new Promise<void>((resolve) => (this.halt = resolve));

  constructor(
    private readonly subscriptionId: string,
    private readonly config: PostgresFeedConfig,
    private readonly egress: FeedConnector,
    private readonly emit: FeedEmitter,
    private readonly report: FeedReporter,
  ) {
    this.channel = postgresObjectNames(subscriptionId).channel;
  }

  start(): void {
    this.running = this.loop();
  }

  /** Closes the connection and waits for the fire in progress; fires nothing afterwards. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.halt();
    this.wake?.();
    void this.client?.end().catch(() => undefined);
    await this.running;
    await this.chain;
  }

  private async loop(): Promise<void> {
    let backoff = 1000;
    while (!this.stopped) {
      let refused = false;
      const reason = await this.listenOnce().then(
        () => 'connection closed',
        (e: Error) => ((refused = e instanceof FeedEgressError), e.message),
      );
      if (this.stopped) break;
      if (refused) {
        // The policy or Wisp's own database refused the target: retrying cannot help, the subscription is disabled.
        this.report(reason, { done: true });
        break;
      }
      this.report(`disconnected from ${redactedConnection(this.config.connection)}: ${reason}; changes are not captured until it reconnects (retrying in ${backoff / 1000} s)`);
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        setTimeout(resolve, backoff);
      });
      backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
    }
  }

  /** Resolves or rejects when the connection ends. */
  private async listenOnce(): Promise<void> {
    const vetted = await vetPostgres(this.egress, this.config.connection);
    const cap = this.egress.receiveCap();
    const client = new Client(postgresClientConfig(vetted, { keepAlive: true, connectionTimeoutMillis: 10_000, application_name: `wisp-feed-${this.subscriptionId}`, ...QUERY_TIMEOUTS }, cap));
    this.client = client;
    const ended = new Promise<void>((resolve, reject) => {
      client.on('error', reject);
      client.on('end', resolve);
    });
    client.on('notification', (n: Notification) => {
      if (n.channel === this.channel && !this.stopped) this.chain = this.chain.then(() => this.fire(n.payload));
    });
    ended.catch(() => undefined);
    try {
      await Promise.race([client.connect().then(() => assertForeignDatabase(client, this.egress)).then(() => cap.lift()).then(() => client.query(`LISTEN "${this.channel}"`)), this.halted]);
      if (this.stopped) return;
      this.report(`listening for changes of ${this.config.tables.join(', ')} on ${redactedConnection(this.config.connection)}`);
      await Promise.race([ended, this.halted]);
    } finally {
      if (this.stopped) void client.end().catch(() => undefined);
    }
  }

  private async fire(payload: string | undefined): Promise<void> {
    if (this.stopped) return;
    let event: Record<string, unknown>;
    try {
      event = JSON.parse(payload ?? '') as Record<string, unknown>;
    } catch (e) {
      this.report(`unreadable notification on ${this.channel}: ${(e as Error).message}`);
      return;
    }
    try {
      await this.emit(event);
    } catch (e) {
      this.report(`a ${String(event.operation)} on ${String(event.schema)}.${String(event.table)} was not delivered: ${(e as Error).message}`);
    }
  }
}
