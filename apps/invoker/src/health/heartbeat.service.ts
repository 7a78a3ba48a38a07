import { Inject, Injectable, Logger } from '@nestjs/common';
import { AmqpConnection, InvokerPingMessage, Topology, WISP_CONFIG, WispConfig } from '@wisp/core';

const INTERVAL_MS = 1000;

/** Announces this invoker on the health fanout once a second; `enabled: false` while it drains for shutdown. */
@Injectable()
export class HeartbeatService {
  private readonly logger = new Logger(HeartbeatService.name);
  private timer?: NodeJS.Timeout;
  private enabled = true;
  private sending = false;

  constructor(
    private readonly amqp: AmqpConnection,
    @Inject(WISP_CONFIG) private readonly config: WispConfig,
  ) {}

  /** False once the invoker drains for shutdown (it takes no new work). */
  get accepting(): boolean {
    return this.enabled;
  }

  /** Declares the fanout exchange and starts pinging. */
  async start(): Promise<void> {
    await this.amqp.declare((ch) => ch.assertExchange(Topology.healthExchange, 'fanout', { durable: false }));
    await this.ping();
    this.timer = setInterval(() => void this.ping(), INTERVAL_MS);
  }

  /** Tells the controllers to stop sending work (sent at once, then every second); never waits long for a broker. */
  async disable(): Promise<void> {
    this.enabled = false;
    await Promise.race([this.ping(true), new Promise((r) => setTimeout(r, 2 * INTERVAL_MS).unref())]);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private async ping(force = false): Promise<void> {
    // A ping waiting for a reconnect is enough; do not pile more behind it.
    if (this.sending && !force) return;
    this.sending = true;
    const ping: InvokerPingMessage = {
      v: 1,
      type: 'ping',
      invokerId: this.config.invokerId,
      queue: Topology.invokerQueue(this.config.invokerId),
      userMemoryMb: this.config.invokerMemoryMb,
      enabled: this.enabled,
      at: Date.now(),
    };
    try {
      await this.amqp.publish(Topology.healthExchange, '', Buffer.from(JSON.stringify(ping)), { persistent: false, expiration: String(10 * INTERVAL_MS), contentType: 'application/json' });
    } catch (e) {
      this.logger.warn(`cannot publish the health ping: ${(e as Error).message}`);
    } finally {
      this.sending = false;
    }
  }
}
