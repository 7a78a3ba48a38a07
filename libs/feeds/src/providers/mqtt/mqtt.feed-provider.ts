import { randomBytes } from 'node:crypto';
import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { IClientOptions, MqttClient } from 'mqtt';
import { FeedEgressMessages } from '@wisp/core';
import { FeedEgressError, FeedLimitError } from '../../egress/feed-connector';
import { FeedProviderKind } from '../../feed-provider.decorator';
import type { FeedDetails, FeedEmitter, FeedEndpoint, FeedProvider, FeedReporter, FeedSubscription } from '../../feed-provider';
import { FeedValidationError } from '../../feed-provider';
import { mqttClient, parseBrokerUrl, vetBroker, type VettedBroker } from './mqtt-broker';
import type { MqttSessionSpec } from './mqtt-connection';
import { MqttConnectionPool } from './mqtt-connection.pool';
import { parseMqttFeedConfig, redactedBrokerUrl, type MqttFeedConfig } from './mqtt-feed-config';
import { mqttMessageIdentity } from './mqtt-message-identity';
import { decodeMqttPayload } from './mqtt-payload';

const CONNECT_TIMEOUT_MS = 5000;
/** Longer than the feed runner's lease sync, after which no other replica runs a deleted subscription. */
const SECOND_DISCARD_MS = 6000;

/**
 * `mqtt` feeds (connection pattern). Sessions, the heart of the delivery guarantee:
 * - QoS 1/2 subscriptions own a persistent session (`clean: false`) under a stable client id, `wisp-<subscription
 *   id>` unless the user names one. CREATE opens it and subscribes, so the broker queues every message from then
 *   on; while Wisp is stopped, paused or moving the lease the broker keeps queueing; `start` resumes the session and
 *   acknowledges each message only after the trigger accepted it (QoS 2: before its PUBREC), and each fires exactly
 *   once: a redelivery after a crash is recognised by its identity (see {@link mqttMessageIdentity}). MQTT ties a session (its subscriptions and its
 *   queue) to one client id, and a client id can be connected once at a time, so these connections are shared only
 *   by subscriptions that name the same `clientId` on the same broker with the same credentials.
 * - QoS 0 subscriptions have nothing to lose by definition: they share one clean connection per broker and
 *   credentials in each process, and messages are routed to them by topic filter.
 * DELETE discards the persistent session (a clean connect under its client id).
 */
@FeedProviderKind('mqtt')
export class MqttFeedProvider implements FeedProvider<MqttFeedConfig>, OnApplicationShutdown {
  readonly kind = 'mqtt';
  readonly secretFields = { url: 'url' } as const;
  private readonly logger = new Logger(MqttFeedProvider.name);
  private readonly pool = new MqttConnectionPool();
  private readonly sharedClientId = `wisp-shared-${randomBytes(6).toString('hex')}`;
  private readonly states = new Map<string, { state: string; reason: string }>();
  /** Pending second discards (see `delete`), cancelled at shutdown so nothing runs after the provider is gone. */
  private readonly laterDiscards = new Set<NodeJS.Timeout>();

  validate(params: Record<string, unknown>): MqttFeedConfig {
    return parseMqttFeedConfig(params);
  }

  /** Checks the broker accepts the connection; QoS ≥ 1 also creates the persistent session and its subscription. */
  async create(sub: FeedSubscription<MqttFeedConfig>): Promise<MqttFeedConfig> {
    const spec = this.sessionOf(sub);
    await this.withClient(spec, await vetBroker(sub.egress, sub.config.url), async (client) => {
      if (spec.clean) return;
      const [grant] = await client.subscribeAsync(sub.config.topic, { qos: sub.config.qos });
      if (!grant || grant.qos === 128) throw new FeedValidationError(`The MQTT broker ${redactedBrokerUrl(sub.config.url)} refused the subscription to "${sub.config.topic}".`);
    });
    return sub.config;
  }

  async read(sub: FeedSubscription<MqttFeedConfig>): Promise<FeedDetails> {
    const spec = this.sessionOf(sub);
    const details: FeedDetails = { broker: redactedBrokerUrl(sub.config.url), clientId: spec.clientId, session: spec.clean ? 'clean' : 'persistent' };
    const state = this.states.get(sub.id);
    if (state) details.connection = state;
    return details;
  }

  /** A new broker, topic, QoS or client id is a new session: the old one is discarded, the new one created. */
  async update(sub: FeedSubscription<MqttFeedConfig>, next: MqttFeedConfig): Promise<MqttFeedConfig> {
    const before = sub.config;
    const same = before.url === next.url && before.topic === next.topic && before.qos === next.qos && before.clientId === next.clientId;
    if (same) return next;
    await this.delete(sub);
    return this.create({ ...sub, config: next });
  }

  async delete(sub: FeedSubscription<MqttFeedConfig>): Promise<void> {
    const spec = this.sessionOf(sub);
    await this.pool.detach(spec, sub.id);
    this.states.delete(sub.id);
    if (spec.clean) return;
    let vetted: VettedBroker;
    try {
      vetted = await vetBroker(sub.egress, sub.config.url);
    } catch (e) {
      // A broker the policy refuses is never contacted; its session expires on the broker's own terms.
      this.logger.warn(`subscription ${sub.id}: MQTT session ${spec.clientId} not discarded: ${(e as Error).message}`);
      return;
    }
    await this.discardSession(sub.id, spec, vetted);
    if (!sub.config.clientId) {
      // Another API replica may still run the subscription until its next lease sync, and its reconnect would
      // recreate the session: discard once more after that. (Only for the derived id: no one else ever uses it.)
      const timer = setTimeout(() => {
        this.laterDiscards.delete(timer);
        void this.discardSession(sub.id, spec, vetted);
      }, SECOND_DISCARD_MS).unref();
      this.laterDiscards.add(timer);
    }
  }

  private async discardSession(subscriptionId: string, spec: MqttSessionSpec, vetted: VettedBroker): Promise<void> {
    try {
      await this.withClient({ ...spec, clean: true }, vetted, async () => undefined);
    } catch (e) {
      // The broker expires abandoned sessions itself; an unreachable broker must not keep the trigger undeletable.
      this.logger.warn(`subscription ${subscriptionId}: could not discard MQTT session ${spec.clientId}: ${(e as Error).message}`);
    }
  }

  /** The persistent session stays: messages published while paused are delivered after UNPAUSE (broker queue limits apply). */
  async pause(): Promise<void> {}

  async resume(): Promise<void> {}

  async start(sub: FeedSubscription<MqttFeedConfig>, emit: FeedEmitter, report: FeedReporter): Promise<void> {
    const { format, topic: filter, qos } = sub.config;
    let vetted: VettedBroker;
    try {
      vetted = await vetBroker(sub.egress, sub.config.url);
    } catch (e) {
      if (!(e instanceof FeedEgressError)) throw e;
      // Refused by the policy: retrying cannot help, the subscription is disabled with the reason.
      report(e.message, { done: true });
      return;
    }
    this.pool.attach(this.sessionOf(sub), vetted, {
      subscriptionId: sub.id,
      filter,
      qos,
      deliver: async (topic, bytes, packet) => {
        const decoded = decodeMqttPayload(bytes, format);
        const event: Record<string, unknown> = { topic, payload: decoded.payload, qos: packet.qos, retain: packet.retain };
        if ('error' in decoded) {
          event.error = decoded.error;
          report(`message on ${topic} could not be decoded as ${format}: ${decoded.error}`);
        }
        await emit(event, mqttMessageIdentity(packet, topic, bytes));
      },
      onState: (state, reason) => {
        const last = this.states.get(sub.id);
        this.states.set(sub.id, { state, reason });
        if (last?.state !== state || !last.reason.startsWith(reason.split(';')[0])) report(reason);
      },
    });
  }

  async stop(sub: FeedSubscription<MqttFeedConfig>): Promise<void> {
    await this.pool.detach(this.sessionOf(sub), sub.id);
    this.states.delete(sub.id);
  }

  endpoints(config: MqttFeedConfig): FeedEndpoint[] {
    const { host, port } = parseBrokerUrl(config.url);
    return [{ host, port }];
  }

  async onApplicationShutdown(): Promise<void> {
    for (const timer of this.laterDiscards) clearTimeout(timer);
    this.laterDiscards.clear();
    await this.pool.closeAll();
  }

  /** Which connection and session a subscription uses (see the class comment). */
  sessionOf(sub: FeedSubscription<MqttFeedConfig>): MqttSessionSpec {
    const { url, qos, clientId } = sub.config;
    if (clientId) return { url, clientId, clean: qos === 0 };
    if (qos === 0) return { url, clientId: this.sharedClientId, clean: true };
    return { url, clientId: `wisp-${sub.id.replace(/-/g, '')}`, clean: false };
  }

  /**
   * A short-lived connection for lifecycle work. It never acknowledges a message (one arriving while CREATE holds
   * the session stays queued for the subscription's real connection).
   */
  private async withClient(spec: MqttSessionSpec, vetted: VettedBroker, work: (client: MqttClient) => Promise<void>): Promise<void> {
    const options: IClientOptions = {
      clientId: spec.clientId === this.sharedClientId ? `wisp-check-${randomBytes(6).toString('hex')}` : spec.clientId,
      clean: spec.clean,
      protocolVersion: 4,
      reconnectPeriod: 0,
      connectTimeout: CONNECT_TIMEOUT_MS,
    };
    const started = Date.now();
    const client = mqttClient(vetted, options);
    // Never acknowledge: a message arriving now stays in flight in the session for the subscription's connection.
    client.handleMessage = (_packet, callback) => callback(new Error('lifecycle connection does not consume'));
    client.on('error', (e) => this.logger.debug(`lifecycle connection ${spec.clientId}: ${e.message}`));
    try {
      await withTimeout(
        new Promise<void>((resolve, reject) => {
          client.once('connect', () => resolve());
          client.once('error', reject);
        }),
        CONNECT_TIMEOUT_MS + 1000,
      );
    } catch (e) {
      await client.endAsync(true).catch(() => undefined);
      throw await unreachableError(spec.url, e as Error, started);
    }
    try {
      await work(client);
    } finally {
      await client.endAsync(true);
    }
  }
}

/**
 * The one answer for a broker that could not be reached. A closed, filtered or non-MQTT port must look alike, or
 * CREATE would scan ports: same text, and the answer waits out the connect timeout whatever happened. Only a broker
 * that answered MQTT's CONNACK (wrong credentials) gets its reason.
 */
async function unreachableError(url: string, e: Error, started: number): Promise<FeedValidationError> {
  if (e instanceof FeedLimitError) return e;
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'number' && code > 0) return new FeedValidationError(`The MQTT broker ${redactedBrokerUrl(url)} refused the connection: ${e.message}`);
  const left = started + CONNECT_TIMEOUT_MS - Date.now();
  if (left > 0) await new Promise((r) => setTimeout(r, left));
  return new FeedValidationError(FeedEgressMessages.brokerUnreachable(redactedBrokerUrl(url)));
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
