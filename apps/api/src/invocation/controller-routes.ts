import { fanoutRoute, type MessageRoute, MessagePatterns, Topology, type WispConfig } from '@wisp/core';

/**
 * The queues a controller consumes: invokers' health pings (an exclusive queue on the health fanout) and its own
 * reply queue, which expires ten minutes after the controller is gone.
 */
export function controllerRoutes(config: WispConfig): MessageRoute[] {
  const replies = Topology.completionQueue(config.controllerId);
  return [
    fanoutRoute(MessagePatterns.invokerPing, Topology.healthExchange, 100),
    {
      pattern: MessagePatterns.completion,
      queue: replies,
      options: { prefetch: 500, assert: (ch) => ch.assertQueue(replies, { durable: false, autoDelete: true, arguments: { 'x-expires': 600_000 } }) },
    },
  ];
}
