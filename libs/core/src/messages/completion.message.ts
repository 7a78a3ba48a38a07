import { z } from 'zod';
import { parseMessage } from './parse-message';
import type { ActivationRecord } from '../activations';

const record = z.object({
  activationId: z.string(),
  namespace: z.string(),
  name: z.string(),
  entityName: z.string(),
  version: z.string(),
  subject: z.string(),
  start: z.number(),
  end: z.number(),
  duration: z.number().nullable(),
  cause: z.string().nullable(),
  response: z.object({ statusCode: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)]), result: z.unknown().optional(), size: z.number().optional() }),
  logs: z.array(z.string()),
  annotations: z.array(z.object({ key: z.string(), value: z.unknown() })),
  publish: z.boolean(),
});

/** Schema of {@link CompletionMessage}, version 1. */
export const completionMessageSchema = z.object({
  v: z.literal(1),
  type: z.literal('completion'),
  transactionId: z.string(),
  activationId: z.string().regex(/^[0-9a-f]{32}$/),
  invokerId: z.string(),
  /** True for whisk internal errors, which count against the invoker's health. */
  isSystemError: z.boolean(),
  /** Memory the finished activation held, MB, so the controller frees the same slots. */
  memoryMb: z.number().int(),
  activation: record,
});

/** Invoker → controller: the activation finished (published before the record is stored). */
export type CompletionMessage = Omit<z.infer<typeof completionMessageSchema>, 'activation'> & { activation: ActivationRecord };

/** Parses and validates a {@link CompletionMessage}. @throws InvalidMessageError */
export const parseCompletionMessage = (content: Buffer | string): CompletionMessage =>
  parseMessage(completionMessageSchema, content) as CompletionMessage;
