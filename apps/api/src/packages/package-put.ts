import {
  assertEntityName,
  assertNamespace,
  BadRequestError,
  type BindingRef,
  ConflictError,
  DEFAULT_NAMESPACE_ALIAS,
  type KeyValue,
  Messages,
  type PackageEntity,
} from '@wisp/core';
import { type AssetBody, nextVersion, parseAssetBody } from '../common/asset-body';

/** The annotation OpenWhisk puts on every binding (clients listing packages read it). */
export const BINDING_ANNOTATION = 'binding';

/** A validated package PUT body. */
export interface PackagePut extends AssetBody {
  /**
   * Absent: not given (an update keeps what is stored). Null: given empty (`{}`), i.e. "a plain package".
   * Otherwise the package to bind to, with `_` resolved to the caller's namespace.
   */
  binding?: BindingRef | null;
}

/** The stored fields of a package or binding, without identity and revision. */
export type PackageFields = Omit<PackageEntity, 'id' | 'revision'>;

/**
 * Validates a package PUT body (shared asset fields plus `binding`).
 * @throws BadRequestError / PayloadTooLargeError with OpenWhisk's texts.
 */
export function parsePackagePut(body: unknown, callerNamespace: string): PackagePut {
  const b = parseAssetBody(body);
  const out: PackagePut = { version: b.version, publish: b.publish, annotations: b.annotations, parameters: b.parameters };
  if (b.binding !== undefined) out.binding = parseBinding(b.binding, callerNamespace);
  return out;
}

function parseBinding(raw: unknown, callerNamespace: string): BindingRef | null {
  if (raw === null) return null;
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new BadRequestError(Messages.malformedRequest("'binding' must be an object with 'namespace' and 'name'"));
  const { namespace, name } = raw as Record<string, unknown>;
  if (namespace === undefined && name === undefined) return null;
  if (typeof namespace !== 'string' || typeof name !== 'string') {
    throw new BadRequestError(Messages.malformedRequest("'binding' must be an object with 'namespace' and 'name'"));
  }
  return { namespace: namespace === DEFAULT_NAMESPACE_ALIAS ? callerNamespace : assertNamespace(namespace), name: assertEntityName(name) };
}

/** Annotations as stored: any `binding` annotation from the body dropped, the controller's own added for bindings. */
function withBindingAnnotation(annotations: KeyValue[], binding: BindingRef | null): KeyValue[] {
  const kept = annotations.filter((a) => a.key !== BINDING_ANNOTATION);
  return binding ? [...kept, { key: BINDING_ANNOTATION, value: { namespace: binding.namespace, name: binding.name } }] : kept;
}

/** Fields of a new package or binding. */
export function newPackageFields(namespace: string, name: string, content: PackagePut, now: number): PackageFields {
  const binding = content.binding ?? null;
  return {
    namespace,
    name,
    binding,
    parameters: content.parameters ?? [],
    version: nextVersion(content.version, undefined),
    publish: content.publish ?? false,
    annotations: withBindingAnnotation(content.annotations ?? [], binding),
    updated: now,
  };
}

/**
 * Changes an update makes (`overwrite=true`): fields absent from the body keep their stored values; the given
 * annotation array replaces the stored one (packages do not merge annotations); the version is bumped.
 * @throws ConflictError when the update would turn a package into a binding or back.
 */
export function updatedPackageFields(existing: PackageEntity, content: PackagePut, now: number): Partial<PackageFields> {
  if (content.binding && !existing.binding) throw new ConflictError(Messages.packageToBinding);
  if (content.binding === null && existing.binding) throw new ConflictError(Messages.bindingToPackage);
  const binding = content.binding ?? existing.binding;
  return {
    binding,
    parameters: content.parameters ?? existing.parameters,
    version: nextVersion(content.version, existing.version),
    publish: content.publish ?? existing.publish,
    annotations: withBindingAnnotation(content.annotations ?? existing.annotations, binding),
    updated: now,
  };
}
