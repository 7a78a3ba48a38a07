import type { ConsumeOptions } from '@wisp/core';

type ConsumerChannel = Parameters<NonNullable<ConsumeOptions['assert']>>[0];

/**
 * Lets the invoker stop deliveries before it drains. `AmqpConnection` has no cancel yet, so this keeps the consumer
 * channel it is handed in `assert` (called on every (re)connect, just before `consume`) and cancels the consumers
 * registered on it. Prefetched messages stay ours and are finished; nothing new arrives.
 */
export class ConsumerSwitch {
  private channel?: ConsumerChannel;
  private cancelled = false;

  /** Use as the consumer's `assert` option. */
  attach(channel: ConsumerChannel): Promise<void> {
    this.channel = channel;
    if (this.cancelled) {
      // Re-connected while draining: cancel once the consumer exists.
      setImmediate(() => void this.cancel().catch(() => undefined));
    }
    return Promise.resolve();
  }

  /** Cancels every consumer on the current channel (its ack/nack still work). */
  async cancel(): Promise<void> {
    this.cancelled = true;
    const channel = this.channel;
    if (!channel) return;
    // amqplib keeps the server-assigned consumer tags in `consumers`.
    const tags = [...((channel as unknown as { consumers?: Map<string, unknown> }).consumers?.keys() ?? [])];
    await Promise.all(tags.map((tag) => channel.cancel(tag)));
  }
}
