/** What the controller knows of one invoker from its pings and its own bookkeeping. */
export interface InvokerState {
  id: string;
  /** Durable work queue of the invoker. */
  queue: string;
  /** Memory the invoker offers, MB. */
  userMemoryMb: number;
  /** Memory this controller has handed out to in-flight activations there, MB. */
  memoryInUseMb: number;
  /** Epoch ms of the last ping. */
  lastSeen: number;
  /** False when draining or offline. */
  healthy: boolean;
}
