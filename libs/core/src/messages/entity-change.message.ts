import { z } from 'zod';
import { parseMessage } from './parse-message';

/** Entity tables whose changes are broadcast. */
export const ENTITY_TABLES = ['actions', 'packages', 'triggers', 'rules'] as const;

/** Schema of {@link EntityChangeMessage}, version 1. */
export const entityChangeMessageSchema = z.object({
  v: z.literal(1),
  type: z.literal('entity-change'),
  /** Table that changed (the payload of the database's change notification). */
  entity: z.enum(ENTITY_TABLES),
  /** Controller that relayed it. */
  controllerId: z.string().min(1),
  at: z.number().int(),
});

/**
 * Controller → every invoker, on the entity fanout: entities of this kind changed somewhere (created, updated or
 * deleted). It names no rows: a receiver compares what it holds with the store, so duplicates (one per controller)
 * and a lost message cost nothing but a later check.
 */
export type EntityChangeMessage = z.infer<typeof entityChangeMessageSchema>;

/** Parses and validates an {@link EntityChangeMessage}. @throws InvalidMessageError */
export const parseEntityChangeMessage = (content: Buffer | string): EntityChangeMessage => parseMessage(entityChangeMessageSchema, content);
