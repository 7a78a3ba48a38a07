import { z } from 'zod';
import { parseMessage } from './parse-message';

const keyValue = z.object({ key: z.string(), value: z.unknown(), init: z.boolean().optional() });

/** Schema of {@link ActivationMessage}, version 1. */
export const activationMessageSchema = z.object({
  v: z.literal(1),
  type: z.literal('activation'),
  transactionId: z.string().min(1),
  activationId: z.string().regex(/^[0-9a-f]{32}$/),
  /** Controller that accepted the request and where the completion goes. */
  controllerId: z.string().min(1),
  replyQueue: z.string().min(1),
  blocking: z.boolean(),
  /** Epoch ms the controller accepted the request (waitTime is measured from here). */
  receivedAt: z.number().int(),
  action: z.object({
    id: z.string(),
    namespace: z.string(),
    package: z.string().optional(),
    name: z.string(),
    version: z.string(),
    revision: z.number().int(),
    exec: z.object({
      kind: z.string(),
      code: z.string().optional(),
      main: z.string().optional(),
      binary: z.boolean().optional(),
      image: z.string().optional(),
    }),
    /** False when `exec.code` was left out for size; the invoker then loads it by id and revision on a cold start. */
    codeInline: z.boolean(),
    limits: z.object({ timeout: z.number().int(), memory: z.number().int(), logs: z.number().int(), concurrency: z.number().int() }),
    annotations: z.array(keyValue),
  }),
  /** `ns/binding` when invoked through a package binding. */
  binding: z.string().optional(),
  /** Who invoked: the namespace the record is listed in, and the key handed to the action when allowed. */
  user: z.object({ namespace: z.string(), subject: z.string(), apiKey: z.string().optional() }),
  /** Merged parameters. */
  params: z.record(z.unknown()),
  /** Names of parameters that go to `/init` as environment. */
  initParams: z.array(z.string()),
  /**
   * The package and the binding whose parameters were merged in (id and revision of each row), so an invoker can drop
   * containers whose `/init` environment came from a package or binding that changed since. Absent at top level.
   */
  packages: z.array(z.object({ id: z.string(), revision: z.number().int() })).optional(),
  /** Parent activation (sequence or trigger). */
  cause: z.string().optional(),
  /** Extra annotations to put on the record (e.g. causedBy). */
  extraAnnotations: z.array(keyValue).optional(),
});

/** Controller → invoker: run this action once. The activation id is the idempotency key. */
export type ActivationMessage = z.infer<typeof activationMessageSchema>;

/** Parses and validates an {@link ActivationMessage}. @throws InvalidMessageError */
export const parseActivationMessage = (content: Buffer | string): ActivationMessage => parseMessage(activationMessageSchema, content);
