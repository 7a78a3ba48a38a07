import { BadRequestError, Messages } from '@wisp/core';

/** A runtime kind this platform can run. */
export interface RuntimeKind {
  kind: string;
  family: string;
  default: boolean;
}

/** Code runtimes (blackbox and sequence are handled separately). */
export const RUNTIMES: readonly RuntimeKind[] = [{ kind: 'nodejs:20', family: 'nodejs', default: true }];

/** Kinds that are not code runtimes. */
export const SPECIAL_KINDS = ['blackbox', 'sequence'] as const;

/**
 * Lower-cases a kind and resolves `<family>:default`.
 * @throws BadRequestError with OpenWhisk's "not supported" text for unknown kinds.
 */
export function resolveKind(kind: unknown): string {
  const k = typeof kind === 'string' ? kind.toLowerCase() : '';
  if ((SPECIAL_KINDS as readonly string[]).includes(k)) return k;
  const [family, version] = k.split(':');
  const found = version === 'default' ? RUNTIMES.find((r) => r.family === family && r.default) : RUNTIMES.find((r) => r.kind === k);
  if (!found) throw new BadRequestError(Messages.unsupportedRuntime(String(kind), [...RUNTIMES.map((r) => r.kind), ...SPECIAL_KINDS]));
  return found.kind;
}
