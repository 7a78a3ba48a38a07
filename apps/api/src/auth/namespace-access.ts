import { assertNamespace, DEFAULT_NAMESPACE_ALIAS, ForbiddenError, Messages } from '@wisp/core';
import type { Identity } from './identity';

/** Resolves the `{ns}` path segment (`_` → the caller's namespace) and validates it. */
export function resolveNamespace(caller: Identity, ns: string): string {
  return ns === DEFAULT_NAMESPACE_ALIAS ? caller.namespace : assertNamespace(ns);
}

/** True when the caller owns `namespace`. */
export function ownsNamespace(caller: Identity, namespace: string): boolean {
  return caller.namespace === namespace;
}

/** @throws ForbiddenError with OpenWhisk's text when the caller does not own `namespace`. */
export function assertOwner(caller: Identity, namespace: string, resource: string): void {
  if (!ownsNamespace(caller, namespace)) throw new ForbiddenError(Messages.notAuthorized(resource));
}
