import { fanoutRoute, type MessageRoute, MessagePatterns, Topology, type WispConfig } from '@wisp/core';

/** Memory of the smallest action: one prefetched message per 128 MB the invoker may hand out. */
const MIN_ACTION_MB = 128;

/**
 * The queues an invoker consumes, in the order they start: entity changes first (so no activation meets a container
 * already known stale), then its durable work queue with the dead-letter queue beside it.
 */
export function invokerRoutes(config: WispConfig): MessageRoute[] {
  const work = Topology.invokerQueue(config.invokerId);
  return [
    fanoutRoute(MessagePatterns.entityChange, Topology.entityExchange, 10),
    {
      pattern: MessagePatterns.activation,
      queue: work,
      topology: (ch) => Promise.all([ch.assertQueue(Topology.deadLetterQueue, { durable: true }), ch.assertQueue(work, { durable: true, arguments: Topology.workQueueArguments })]),
      options: { prefetch: Math.max(1, Math.floor(config.invokerMemoryMb / MIN_ACTION_MB)) },
    },
  ];
}
