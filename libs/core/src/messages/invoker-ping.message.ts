import { z } from 'zod';
import { parseMessage } from './parse-message';

/** Schema of {@link InvokerPingMessage}, version 1. */
export const invokerPingMessageSchema = z.object({
  v: z.literal(1),
  type: z.literal('ping'),
  invokerId: z.string().min(1),
  /** Durable queue this invoker consumes. */
  queue: z.string().min(1),
  /** Memory for action containers, MB. */
  userMemoryMb: z.number().int().positive(),
  /** False while the invoker drains for shutdown. */
  enabled: z.boolean(),
  at: z.number().int(),
});

/** Invoker → every controller, once a second on the health fanout. */
export type InvokerPingMessage = z.infer<typeof invokerPingMessageSchema>;

/** Parses and validates an {@link InvokerPingMessage}. @throws InvalidMessageError */
export const parseInvokerPingMessage = (content: Buffer | string): InvokerPingMessage => parseMessage(invokerPingMessageSchema, content);
