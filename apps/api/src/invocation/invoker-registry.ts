import { EventEmitter } from 'node:events';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InvalidMessageError, parseInvokerPingMessage, WISP_CONFIG, type WispConfig } from '@wisp/core';
import { ControllerAmqp } from './controller-amqp.provider';
import type { InvokerState } from './invoker-state';

/** Invokers ping every second; a booting controller waits this long to hear the first. */
const FIRST_PING_WAIT_MS = 2_500;

/**
 * Tracks invokers from their 1 s pings on the health fanout, heard through the controller's `invokerPing` route (the
 * transport consumes before the application boots, so the first ping can be awaited here). An invoker is healthy
 * while its pings arrive and say enabled; silent for `invokerOfflineMs` it goes offline and `offline` is emitted
 * with its id.
 */
@Injectable()
export class InvokerRegistry extends EventEmitter implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(InvokerRegistry.name);
  private readonly invokers = new Map<string, InvokerState>();
  private sweeper?: NodeJS.Timeout;
  /** True while (or since) this controller lost its broker connection. */
  private deaf = false;

  constructor(
    private readonly amqp: ControllerAmqp,
    @Inject(WISP_CONFIG) private readonly config: WispConfig,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    this.sweeper = setInterval(() => this.sweep(), 500);
    this.sweeper.unref();
    await this.firstPing(FIRST_PING_WAIT_MS);
  }

  /** Waits until some invoker pinged (at most `ms`), so a controller that just booted does not answer 503 needlessly. */
  private async firstPing(ms: number): Promise<void> {
    const until = Date.now() + ms;
    while (this.invokers.size === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    if (this.invokers.size === 0) this.logger.warn(`no invoker pinged within ${ms} ms; invocations answer 503 until one does`);
  }

  onApplicationShutdown(): void {
    clearInterval(this.sweeper);
  }

  /** Invokers in id order (a stable order makes home-invoker hashing stable across controllers). */
  all(): InvokerState[] {
    return [...this.invokers.values()].sort((a, b) => a.id.localeCompare(b.id));
  }

  /** One invoker by id. */
  get(id: string): InvokerState | undefined {
    return this.invokers.get(id);
  }

  /** One health ping (the `invokerPing` route); an invalid one is dropped with a warning. */
  onPing(content: Buffer): 'ack' {
    try {
      const ping = parseInvokerPingMessage(content);
      const known = this.invokers.get(ping.invokerId);
      if (!known) this.logger.log(`invoker ${ping.invokerId} is up (${ping.userMemoryMb} MB)`);
      else if (!known.healthy && ping.enabled) this.logger.log(`invoker ${ping.invokerId} is healthy again`);
      this.invokers.set(ping.invokerId, {
        id: ping.invokerId,
        queue: ping.queue,
        userMemoryMb: ping.userMemoryMb,
        memoryInUseMb: known?.memoryInUseMb ?? 0,
        lastSeen: Date.now(),
        healthy: ping.enabled,
      });
      return 'ack';
    } catch (e) {
      if (e instanceof InvalidMessageError) this.logger.warn(e.message);
      return 'ack';
    }
  }

  /**
   * Declares silent invokers offline. Silence means something only while this controller can hear: while its own
   * broker connection is down nothing is swept, and after it returns every invoker gets a full grace period again
   * (a broker restart is not an invoker death).
   */
  private sweep(): void {
    const now = Date.now();
    if (!this.amqp.connected) {
      this.deaf = true;
      return;
    }
    if (this.deaf) {
      this.deaf = false;
      for (const inv of this.invokers.values()) if (inv.lastSeen > 0) inv.lastSeen = now;
      return;
    }
    const cutoff = now - this.config.invokerOfflineMs;
    for (const inv of this.invokers.values()) {
      if (inv.lastSeen < cutoff && inv.lastSeen > 0) {
        this.logger.warn(`invoker ${inv.id} is offline (no ping for ${this.config.invokerOfflineMs} ms)`);
        inv.healthy = false;
        inv.lastSeen = 0;
        this.emit('offline', inv.id);
      }
    }
  }
}
