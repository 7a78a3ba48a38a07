import { BadRequestError } from '../errors';
import { isEntityName } from './entity-name';

/** A resolved reference to an entity: namespace, optional package, and name. */
export interface EntityRef {
  /** Owning namespace (never `_` once resolved). */
  namespace: string;
  /** Package the entity lives in, or undefined at namespace top level. */
  package?: string;
  /** Entity name. */
  name: string;
}

/** The `_` alias that stands for the caller's own namespace. */
export const DEFAULT_NAMESPACE_ALIAS = '_';

/**
 * Parses a fully qualified name (`/ns/name`, `/ns/pkg/name`, or `ns/pkg/name`) and resolves `_` to `callerNamespace`.
 * Two-part names without a leading slash (`pkg/name`) are relative to the caller namespace when `allowRelative` is set.
 * @throws BadRequestError with `message` when the string is not a valid entity path.
 */
export function parseQualifiedName(
  value: unknown,
  callerNamespace: string,
  message: string,
  allowRelative = false,
): EntityRef {
  if (typeof value !== 'string' || value.length === 0) throw new BadRequestError(message);
  const leading = value.startsWith('/');
  const parts = (leading ? value.slice(1) : value).split('/');
  let ref: EntityRef;
  if (leading && parts.length === 2) ref = { namespace: parts[0], name: parts[1] };
  else if (parts.length === 3) ref = { namespace: parts[0], package: parts[1], name: parts[2] };
  else if (!leading && allowRelative && parts.length === 2) ref = { namespace: callerNamespace, package: parts[0], name: parts[1] };
  else if (!leading && allowRelative && parts.length === 1) ref = { namespace: callerNamespace, name: parts[0] };
  else throw new BadRequestError(message);
  if (ref.namespace === DEFAULT_NAMESPACE_ALIAS) ref.namespace = callerNamespace;
  const segments = [ref.namespace, ref.package, ref.name].filter((s): s is string => s !== undefined);
  if (!segments.every(isEntityName)) throw new BadRequestError(message);
  return ref;
}

/** `ns/[pkg/]name` — the form OpenWhisk uses in `path` annotations and rule logs. */
export function pathOf(ref: EntityRef): string {
  return ref.package ? `${ref.namespace}/${ref.package}/${ref.name}` : `${ref.namespace}/${ref.name}`;
}

/** `/ns/[pkg/]name` — the fully qualified form. */
export function qualifiedNameOf(ref: EntityRef): string {
  return `/${pathOf(ref)}`;
}

/** The `namespace` field OpenWhisk shows on a packaged entity: `ns/pkg`. */
export function entityNamespaceOf(ref: Pick<EntityRef, 'namespace' | 'package'>): string {
  return ref.package ? `${ref.namespace}/${ref.package}` : ref.namespace;
}
