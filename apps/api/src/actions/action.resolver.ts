import { Injectable } from '@nestjs/common';
import { assertEntityName, type EntityRef, ForbiddenError, Messages, NotFoundError, type PackageEntity } from '@wisp/core';
import type { Identity } from '../auth/identity';
import { EntityCache } from '../cache/entity-cache';
import { ownsNamespace, resolveNamespace } from '../auth/namespace-access';
import { PackageResolver } from '../packages/package.resolver';
import { ActionStore } from './action.store';
import type { ResolvedAction } from './resolved-action';

/** Where an action name leads before the action itself is read. */
export interface ActionLocation {
  /** Where the action really lives (the bound package for a binding path). */
  ref: EntityRef;
  /** The real package, when packaged. */
  pkg?: PackageEntity;
  /** The binding the path went through. */
  binding?: PackageEntity;
  /** `ns/binding` when the path went through a binding. */
  bindingPath?: string;
}

/** The 403 resource text for an action path, as the caller wrote it. */
export function actionResource(namespace: string, pkg: string | undefined, name: string): string {
  return `${namespace}/actions/${pkg ? `${pkg}/` : ''}${name}`;
}

/**
 * Finds the action a path names, for reading or invoking: resolves `_`, follows a binding to its package, enforces
 * entitlement (own namespace, or a published package, also through the caller's own binding). At most two indexed
 * queries (package with its bound package, then the action), cached in the {@link EntityCache}, which every entity
 * change clears.
 */
@Injectable()
export class ActionResolver {
  constructor(
    private readonly packages: PackageResolver,
    private readonly actions: ActionStore,
    private readonly cache: EntityCache,
  ) {}

  /**
   * The action at `namespace/[pkg/]name` with its package and binding parameter layers.
   * @throws BadRequestError (bad names), ForbiddenError (not entitled), NotFoundError (`The requested resource does not exist.`).
   */
  resolve(caller: Identity, namespace: string, pkg: string | undefined, name: string): Promise<ResolvedAction> {
    const ns = resolveNamespace(caller, namespace);
    return this.cache.get(`action\0${caller.namespace}\0${ns}\0${pkg ?? ''}\0${name}`, () => this.load(caller, ns, pkg, name));
  }

  private async load(caller: Identity, namespace: string, pkg: string | undefined, name: string): Promise<ResolvedAction> {
    const location = await this.locate(caller, namespace, pkg, name);
    const action = await this.actions.find(location.ref.namespace, location.ref.package ?? '', location.ref.name);
    if (!action) throw new NotFoundError(Messages.resourceDoesNotExist);
    return {
      action,
      ref: location.ref,
      packageParameters: location.pkg?.parameters ?? [],
      bindingParameters: location.binding?.parameters ?? [],
      packages: [location.pkg, location.binding].filter((p) => p !== undefined).map((p) => ({ id: p.id, revision: p.revision })),
      ...(location.bindingPath ? { bindingPath: location.bindingPath } : {}),
    };
  }

  /**
   * Checks entitlement and resolves the package part of a path (one query), without reading the action.
   * `namespace` must already be resolved (no `_`).
   */
  async locate(caller: Identity, namespace: string, pkg: string | undefined, name: string): Promise<ActionLocation> {
    assertEntityName(name);
    const resource = actionResource(namespace, pkg, name);
    if (!pkg) {
      // Sharing is per package: a top-level action is private to its namespace.
      if (!ownsNamespace(caller, namespace)) throw new ForbiddenError(Messages.notAuthorized(resource));
      return { ref: { namespace, name } };
    }
    assertEntityName(pkg);
    const found = await this.packages.resolveForRead(caller, namespace, pkg, resource);
    const ref = { namespace: found.pkg.namespace, package: found.pkg.name, name };
    if (!found.binding) return { ref, pkg: found.pkg };
    return { ref, pkg: found.pkg, binding: found.binding, bindingPath: `${namespace}/${pkg}` };
  }
}
