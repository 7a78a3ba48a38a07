import { Logger } from '@nestjs/common';
import type { IPublishPacket, MqttClient, Packet } from 'mqtt';
import { mqttClient, type VettedBroker } from './mqtt-broker';
import { redactedBrokerUrl, topicMatches } from './mqtt-feed-config';

/** One subscription's use of a connection: its filter and what to do with a matching message. */
export interface MqttRoute {
  subscriptionId: string;
  filter: string;
  qos: 0 | 1 | 2;
  /** Resolves when the message was accepted; the PUBACK/PUBREC waits for it. */
  deliver(topic: string, payload: Buffer, packet: IPublishPacket): Promise<void>;
  /** Connection state changes, with the reason. */
  onState(state: 'connected' | 'disconnected', reason: string): void;
}

/** Where and as whom a connection talks to the broker. */
export interface MqttSessionSpec {
  url: string;
  clientId: string;
  /** false: a persistent session, kept by the broker while the client is away. */
  clean: boolean;
}

const INITIAL_BACKOFF_MS = 1000;
const MAX_BACKOFF_MS = 30_000;

/**
 * One MQTT client connection shared by the routes registered on it. A message is acknowledged only after every
 * matching route's `deliver` resolved. QoS 1 and 2 are delivered from mqtt.js's `customHandleAcks` hook, which runs
 * on the PUBLISH before the PUBACK (QoS 1) or PUBREC (QoS 2) is sent; mqtt.js processes the next packet only once
 * it called back, so messages are delivered one at a time and in order. So a QoS 2 message is fired before the PUBREC
 * (after it the broker never sends it again: a fire at PUBREL, mqtt.js's default, would be lost with a process that
 * dies in between), and the PUBREL that follows only completes the handshake. QoS 0 goes through `handleMessage`.
 * When a delivery fails, nothing is acknowledged and the socket is dropped, so the broker redelivers the message
 * over the persistent session after the reconnect (DUP set, same packet id; the runner's ledger then fires it only
 * if its first fire never became durable). Reconnects back off exponentially.
 */
export class MqttConnection {
  private readonly logger = new Logger(MqttConnection.name);
  private readonly routes = new Map<string, MqttRoute>();
  private readonly inflight = new Map<string, Set<Promise<void>>>();
  private client?: MqttClient;
  private closing = false;
  private connected = false;
  private lastReason = '';

  constructor(
    readonly key: string,
    private readonly spec: MqttSessionSpec,
    private readonly vetted: VettedBroker,
  ) {}

  get size(): number {
    return this.routes.size;
  }

  get isConnected(): boolean {
    return this.connected;
  }

  /** Registers `route` and (re)subscribes its filter; opens the connection on first use. */
  add(route: MqttRoute): void {
    this.routes.set(route.subscriptionId, route);
    if (!this.client) this.open();
    else if (this.connected) this.subscribe([route]);
    if (this.connected) route.onState('connected', `connected to ${redactedBrokerUrl(this.spec.url)}`);
  }

  /**
   * Unregisters a route and waits for its deliveries in progress; nothing is delivered to it afterwards. The
   * broker-side subscription stays (the session keeps queueing for it) unless `unsubscribe`. Removing the last route
   * marks the connection closing at once (before any await), so a message arriving meanwhile is left
   * unacknowledged for the broker to keep, never acknowledged as unroutable.
   */
  async remove(subscriptionId: string, unsubscribe = false): Promise<void> {
    const route = this.routes.get(subscriptionId);
    if (!route) return;
    this.routes.delete(subscriptionId);
    if (this.routes.size === 0) this.closing = true;
    await Promise.allSettled([...(this.inflight.get(subscriptionId) ?? [])]);
    this.inflight.delete(subscriptionId);
    const stillUsed = [...this.routes.values()].some((r) => r.filter === route.filter);
    if (unsubscribe && !stillUsed && this.connected) await this.client?.unsubscribeAsync(route.filter).catch(() => undefined);
  }

  /** Ends the connection without touching the session; unacknowledged messages stay with the broker. */
  async close(): Promise<void> {
    this.closing = true;
    const client = this.client;
    this.client = undefined;
    this.connected = false;
    await client?.endAsync(true);
  }

  private open(): void {
    const client = mqttClient(this.vetted, {
      clientId: this.spec.clientId,
      clean: this.spec.clean,
      protocolVersion: 4,
      keepalive: 60,
      connectTimeout: 10_000,
      reconnectPeriod: INITIAL_BACKOFF_MS,
      resubscribe: false,
    });
    // mqtt.js's documented hook for backpressure: the acknowledgement waits for the callback.
    client.handleMessage = (packet, callback) => this.handleMessage(packet, callback);
    // mqtt.js reads the hook from its options on every PUBLISH, but takes the option only under MQTT 5 at
    // construction; set here, before the first packet, it serves the 3.1.1 session as well (the reason code 0 it
    // answers with is the plain PUBACK/PUBREC of 3.1.1).
    client.options.customHandleAcks = (topic, message, packet, done) => this.beforeAck(packet, done);
    this.client = client;
    client.on('connect', (connack) => {
      this.connected = true;
      client.options.reconnectPeriod = INITIAL_BACKOFF_MS;
      // A resumed session still holds its subscriptions; subscribing again would make the broker resend retained
      // messages, which would fire once more on every reconnect.
      if (!connack.sessionPresent) this.subscribe([...this.routes.values()]);
      this.broadcast('connected', `connected to ${redactedBrokerUrl(this.spec.url)}${connack.sessionPresent ? ' (session resumed)' : ''}`);
    });
    client.on('error', (e) => {
      this.lastReason = e.message;
    });
    client.on('close', () => {
      if (this.closing) return;
      const wasConnected = this.connected;
      this.connected = false;
      if (!wasConnected) client.options.reconnectPeriod = Math.min(MAX_BACKOFF_MS, (client.options.reconnectPeriod ?? INITIAL_BACKOFF_MS) * 2);
      this.broadcast('disconnected', `disconnected from ${redactedBrokerUrl(this.spec.url)}: ${this.lastReason || 'connection closed'}; retrying in ${client.options.reconnectPeriod} ms`);
    });
    client.on('offline', () => {
      this.connected = false;
    });
  }

  private subscribe(routes: MqttRoute[]): void {
    const client = this.client;
    if (!client || routes.length === 0) return;
    const filters: Record<string, { qos: 0 | 1 | 2 }> = {};
    for (const r of routes) filters[r.filter] = { qos: Math.max(r.qos, filters[r.filter]?.qos ?? 0) as 0 | 1 | 2 };
    client.subscribeAsync(filters).then(
      (grants) => {
        const refused = grants.filter((g) => g.qos === 128);
        for (const g of refused) this.broadcast('disconnected', `the broker refused the subscription to ${g.topic}`, g.topic);
      },
      (e: Error) => this.broadcast('disconnected', `subscribing failed: ${e.message}`),
    );
  }

  /** QoS 1/2, on the PUBLISH: the PUBACK/PUBREC is sent only once every matching route accepted the message. */
  private beforeAck(publish: IPublishPacket, done: (error: Error | number, reasonCode?: number) => void): void {
    // An error sends no acknowledgement; the broker redelivers only over a new connection of the session.
    const refuse = (reason: string) => {
      this.lastReason = reason;
      done(new Error(reason));
      this.client?.stream?.destroy();
    };
    if (this.closing) {
      refuse('connection closing; the broker keeps the message');
      return;
    }
    const payload = Buffer.isBuffer(publish.payload) ? publish.payload : Buffer.from(publish.payload);
    this.dispatch(publish.topic, payload, publish).then(
      () => done(0),
      (e: Error) => refuse(`delivery failed, the broker will redeliver: ${e.message}`),
    );
  }

  /** QoS 0 messages (QoS 1/2 were delivered before their acknowledgement, see {@link beforeAck}): never redelivered. */
  private handleMessage(packet: Packet, callback: (error?: Error) => void): void {
    const publish = packet as IPublishPacket;
    if (publish.qos !== 0 || this.closing) {
      callback();
      return;
    }
    const payload = Buffer.isBuffer(publish.payload) ? publish.payload : Buffer.from(publish.payload);
    this.dispatch(publish.topic, payload, publish).then(
      () => callback(),
      (e: Error) => {
        this.logger.warn(`QoS 0 message on ${publish.topic} not delivered (QoS 0 is never redelivered): ${e.message}`);
        callback();
      },
    );
  }

  private async dispatch(topic: string, message: Buffer, packet: IPublishPacket): Promise<void> {
    const routes = [...this.routes.values()].filter((r) => topicMatches(r.filter, topic));
    if (routes.length === 0) {
      if (this.closing) throw new Error('connection closing');
      this.logger.warn(`${this.spec.clientId}: message on ${topic} matches no subscription any more; acknowledged without firing`);
      return;
    }
    await Promise.all(routes.map((r) => this.track(r.subscriptionId, r.deliver(topic, message, packet))));
  }

  private track(subscriptionId: string, delivery: Promise<void>): Promise<void> {
    const set = this.inflight.get(subscriptionId) ?? new Set();
    this.inflight.set(subscriptionId, set);
    set.add(delivery);
    return delivery.finally(() => set.delete(delivery));
  }

  private broadcast(state: 'connected' | 'disconnected', reason: string, onlyFilter?: string): void {
    for (const r of this.routes.values()) if (!onlyFilter || r.filter === onlyFilter) r.onState(state, reason);
  }
}
