/**
 * The `@EventPattern` names of Wisp's message handlers. Each names one kind of message, whatever queue carries it:
 * the transport's routes map queues to these patterns.
 */
export const MessagePatterns = {
  /** An ActivationMessage on an invoker's work queue. */
  activation: 'wisp.activation',
  /** An EntityChangeMessage broadcast to every invoker. */
  entityChange: 'wisp.entity-change',
  /** A CompletionMessage on a controller's reply queue. */
  completion: 'wisp.completion',
  /** An InvokerPingMessage on the health fanout. */
  invokerPing: 'wisp.invoker-ping',
} as const;
