import type { ZodType } from 'zod';
import { InvalidMessageError } from './message-error';

/** Parses a buffer as JSON and validates it with `schema`. @throws InvalidMessageError on any failure. */
export function parseMessage<T>(schema: ZodType<T>, content: Buffer | string): T {
  let json: unknown;
  try {
    json = JSON.parse(content.toString());
  } catch (e) {
    throw new InvalidMessageError([`not JSON: ${(e as Error).message}`]);
  }
  const r = schema.safeParse(json);
  if (!r.success) throw new InvalidMessageError(r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  return r.data;
}
