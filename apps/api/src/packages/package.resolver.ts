import { Injectable } from '@nestjs/common';
import { ForbiddenError, Messages, NotFoundError, type PackageEntity } from '@wisp/core';
import type { Identity } from '../auth/identity';
import { ownsNamespace } from '../auth/namespace-access';
import { PackageStore } from './package.store';

/** A package the caller may read, as addressed and as it really is. */
export interface ReadablePackage {
  /** The package or binding named in the request. */
  addressed: PackageEntity;
  /** The package that holds the actions: `addressed` itself, or the package a binding points to. */
  pkg: PackageEntity;
  /** Set when `addressed` is a binding. */
  binding?: PackageEntity;
}

/**
 * Read entitlement on packages, as OpenWhisk's PackageCollection decides it: a package is readable by its owner or,
 * when published, by anyone; a binding only by its owner, and only if the bound package is readable too. Missing
 * packages are 404 for their owner and 403 for others, so other namespaces learn nothing about what exists.
 */
@Injectable()
export class PackageResolver {
  constructor(private readonly store: PackageStore) {}

  /**
   * Resolves `namespace/name` (one indexed query) and checks the caller may read it.
   * @param resource text named in a 403 (defaults to `ns/packages/name`).
   * @throws NotFoundError or ForbiddenError.
   */
  async resolveForRead(caller: Identity, namespace: string, name: string, resource = `${namespace}/packages/${name}`): Promise<ReadablePackage> {
    const owner = ownsNamespace(caller, namespace);
    const found = await this.store.findWithTarget(namespace, name);
    if (!found) throw owner ? new NotFoundError(Messages.resourceDoesNotExist) : new ForbiddenError(Messages.notAuthorized(resource));
    const { pkg, target } = found;
    if (!pkg.binding) {
      if (!owner && !pkg.publish) throw new ForbiddenError(Messages.notAuthorized(resource));
      return { addressed: pkg, pkg };
    }
    if (!owner) throw new ForbiddenError(Messages.notAuthorized(resource));
    const b = pkg.binding;
    const targetOwner = ownsNamespace(caller, b.namespace);
    // A binding never points to another binding (refused on PUT), nor to itself; treat either like a missing package.
    if (!target || target.binding) {
      throw targetOwner ? new NotFoundError(Messages.resourceDoesNotExist) : new ForbiddenError(Messages.notAuthorized(resource));
    }
    if (!targetOwner && !target.publish) throw new ForbiddenError(Messages.notAuthorized(resource));
    return { addressed: pkg, pkg: target, binding: pkg };
  }
}
