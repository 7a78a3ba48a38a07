import { BadRequestError, Messages, RUNTIME_MANIFEST } from '@wisp/core';

/**
 * Lower-cases a kind and resolves `<family>:default`, against the runtimes manifest.
 * @throws BadRequestError with OpenWhisk's "not supported" text for unknown kinds.
 */
export function resolveKind(kind: unknown): string {
  const found = typeof kind === 'string' ? RUNTIME_MANIFEST.resolveKind(kind) : undefined;
  if (!found) throw new BadRequestError(Messages.unsupportedRuntime(String(kind), RUNTIME_MANIFEST.kinds()));
  return found;
}
