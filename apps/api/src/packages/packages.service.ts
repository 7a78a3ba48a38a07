import { Injectable } from '@nestjs/common';
import {
  assertEntityName,
  assertPackageName,
  BadRequestError,
  type BindingRef,
  ConflictError,
  ForbiddenError,
  mergeKeyValues,
  Messages,
  NotFoundError,
} from '@wisp/core';
import type { Identity } from '../auth/identity';
import { assertOwner, ownsNamespace, resolveNamespace } from '../auth/namespace-access';
import { parseListQuery } from '../common/list-query';
import { toPackageResponse, toPackageSummary } from './package.mapper';
import { newPackageFields, parsePackagePut, updatedPackageFields } from './package-put';
import { PackageResolver } from './package.resolver';
import { PackageStore } from './package.store';

const COLLECTION = 'packages';

/** Packages and bindings: list, get (with contents), create/update, delete; entitlement included. */
@Injectable()
export class PackagesService {
  constructor(
    private readonly store: PackageStore,
    private readonly resolver: PackageResolver,
  ) {}

  /** Own namespace: every package and binding; another namespace: its published packages only. */
  async list(caller: Identity, ns: string, query: Record<string, unknown>) {
    const namespace = resolveNamespace(caller, ns);
    const q = parseListQuery(query, COLLECTION);
    const publicOnly = !ownsNamespace(caller, namespace);
    if (q.count) return { [COLLECTION]: await this.store.count(namespace, publicOnly) };
    return (await this.store.list(namespace, { skip: q.skip, limit: q.limit, publicOnly })).map(toPackageSummary);
  }

  /** A package with its actions and feeds; a binding shows the bound package's content, binding params winning. */
  async get(caller: Identity, ns: string, name: string) {
    const namespace = resolveNamespace(caller, ns);
    assertEntityName(name);
    const { addressed, pkg, binding } = await this.resolver.resolveForRead(caller, namespace, name);
    const contents = await this.store.contents(pkg.namespace, pkg.name);
    const parameters = binding ? mergeKeyValues(pkg.parameters, binding.parameters) : pkg.parameters;
    return toPackageResponse(addressed, { parameters, contents });
  }

  /** Creates, or with `overwrite` updates, a package or binding. */
  async put(caller: Identity, ns: string, name: string, body: unknown, overwrite: boolean) {
    const namespace = resolveNamespace(caller, ns);
    assertPackageName(name);
    assertOwner(caller, namespace, `${namespace}/${COLLECTION}/${name}`);
    const content = parsePackagePut(body, caller.namespace);
    if (content.binding) await this.checkBindingTarget(caller, content.binding);
    const existing = await this.store.find(namespace, name);
    const now = Date.now();
    if (!existing) return toPackageResponse(await this.store.insert(newPackageFields(namespace, name, content, now)));
    if (!overwrite) throw new ConflictError(Messages.resourceExists);
    return toPackageResponse(await this.store.update(existing, updatedPackageFields(existing, content, now)));
  }

  /** Deletes a binding, an empty package, or with `force` a package and its actions. Returns what was deleted. */
  async delete(caller: Identity, ns: string, name: string, force: boolean) {
    const namespace = resolveNamespace(caller, ns);
    assertEntityName(name);
    assertOwner(caller, namespace, `${namespace}/${COLLECTION}/${name}`);
    const pkg = await this.store.find(namespace, name);
    if (!pkg) throw new NotFoundError(Messages.resourceDoesNotExist);
    const blocking = await this.store.delete(pkg, force);
    if (blocking > 0) throw new ConflictError(Messages.packageNotEmpty(blocking));
    return toPackageResponse(pkg);
  }

  /**
   * A binding must point to an existing plain package the caller may read. In the caller's own namespace a missing
   * target or a binding target is a 400; in another namespace anything but a published package is a 403, so nothing
   * leaks about what exists there.
   */
  private async checkBindingTarget(caller: Identity, b: BindingRef): Promise<void> {
    const target = await this.store.find(b.namespace, b.name);
    if (!ownsNamespace(caller, b.namespace)) {
      if (!target || target.binding || !target.publish) throw new ForbiddenError(Messages.notAuthorized(`${b.namespace}/${COLLECTION}/${b.name}`));
      return;
    }
    if (!target) throw new BadRequestError(Messages.bindingMissing);
    if (target.binding) throw new BadRequestError(Messages.bindingToBinding);
  }
}
