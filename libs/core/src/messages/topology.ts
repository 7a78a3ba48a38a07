/** RabbitMQ names every Wisp process agrees on. */
export const Topology = {
  /** Fanout exchange carrying invoker pings. */
  healthExchange: 'wisp.health',
  /** Fanout exchange carrying entity changes from controllers to every invoker. */
  entityExchange: 'wisp.entities',
  /** Queue receiving dead-lettered (unparsable or poisoned) messages. */
  deadLetterQueue: 'wisp.dead-letter',
  /** Durable work queue of one invoker. */
  invokerQueue: (invokerId: string) => `wisp.invoker.${invokerId}`,
  /** Reply queue of one controller instance. */
  completionQueue: (controllerId: string) => `wisp.completed.${controllerId}`,
  /** Arguments every work queue is declared with, so rejected messages land in the dead-letter queue. */
  workQueueArguments: { 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': 'wisp.dead-letter' },
} as const;
