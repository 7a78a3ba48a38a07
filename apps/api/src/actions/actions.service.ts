import { Injectable } from '@nestjs/common';
import { assertEntityName, BadRequestError, ConflictError, type EntityRef, ForbiddenError, mergeKeyValues, Messages, NotFoundError } from '@wisp/core';
import type { Identity } from '../auth/identity';
import { assertOwner, ownsNamespace, resolveNamespace } from '../auth/namespace-access';
import { parseListQuery } from '../common/list-query';
import { PackageResolver } from '../packages/package.resolver';
import { PackageStore } from '../packages/package.store';
import { toActionResponse, toActionSummary } from './action.mapper';
import { newActionFields, parseActionPut, updatedActionFields } from './action-put';
import { actionResource, ActionResolver } from './action.resolver';
import { type ActionListScope, ActionStore } from './action.store';
import { SequenceValidator } from './sequence.validator';

const COLLECTION = 'actions';

/** Actions: list (namespace or package), get, create/update, delete; entitlement included. */
@Injectable()
export class ActionsService {
  constructor(
    private readonly store: ActionStore,
    private readonly resolver: ActionResolver,
    private readonly packages: PackageStore,
    private readonly packageResolver: PackageResolver,
    private readonly sequences: SequenceValidator,
  ) {}

  /** Every action of an own namespace (top level and packaged), newest first. */
  async list(caller: Identity, ns: string, query: Record<string, unknown>) {
    const namespace = resolveNamespace(caller, ns);
    assertOwner(caller, namespace, `${namespace}/${COLLECTION}`);
    return this.listScope({ namespace }, parseListQuery(query, COLLECTION));
  }

  /** The actions of a package the caller may read; for a binding, those of the bound package. */
  async listInPackage(caller: Identity, ns: string, pkg: string, query: Record<string, unknown>) {
    const namespace = resolveNamespace(caller, ns);
    assertEntityName(pkg);
    const q = parseListQuery(query, COLLECTION);
    const { pkg: real } = await this.packageResolver.resolveForRead(caller, namespace, pkg);
    return this.listScope({ namespace: real.namespace, package: real.name }, q);
  }

  /** One action, with its package's (and binding's) parameters merged into the shown parameters. */
  async get(caller: Identity, ns: string, pkg: string | undefined, name: string, code: boolean) {
    const r = await this.resolver.resolve(caller, ns, pkg, name);
    return toActionResponse(r.action, { code, parameters: mergeKeyValues(r.packageParameters, r.bindingParameters, r.action.parameters) });
  }

  /** Creates, or with `overwrite` updates, an action in an own namespace or an own package (not a binding). */
  async put(caller: Identity, ns: string, pkg: string | undefined, name: string, body: unknown, overwrite: boolean) {
    const self = await this.writablePlace(caller, ns, pkg, name);
    const content = parseActionPut(body, caller.namespace);
    if (content.exec?.kind === 'sequence') await this.sequences.validate(caller, self, content.exec.components ?? []);
    const place = { namespace: self.namespace, package: self.package ?? '' };
    const existing = await this.store.find(place.namespace, place.package, name);
    const now = Date.now();
    if (!existing) return toActionResponse(await this.store.insert(place, name, newActionFields(content, now)));
    if (!overwrite) throw new ConflictError(Messages.resourceExists);
    return toActionResponse(await this.store.update(existing, updatedActionFields(existing, content, now)));
  }

  /** Deletes an action in an own namespace or package; returns it as it was. */
  async delete(caller: Identity, ns: string, pkg: string | undefined, name: string) {
    const self = await this.writablePlace(caller, ns, pkg, name);
    const action = await this.store.find(self.namespace, self.package ?? '', name);
    if (!action) throw new NotFoundError(Messages.resourceDoesNotExist);
    await this.store.delete(action);
    return toActionResponse(action);
  }

  private async listScope(scope: ActionListScope, q: { skip: number; limit: number; count: boolean }) {
    if (q.count) return { [COLLECTION]: await this.store.count(scope) };
    return (await this.store.list(scope, q.skip, q.limit)).map(toActionSummary);
  }

  /**
   * Where a write may go: only the caller's own namespace; a package must exist (404) and not be a binding (400).
   * @throws BadRequestError, ForbiddenError, NotFoundError.
   */
  private async writablePlace(caller: Identity, ns: string, pkg: string | undefined, name: string): Promise<EntityRef> {
    const namespace = resolveNamespace(caller, ns);
    assertEntityName(name);
    if (pkg !== undefined) assertEntityName(pkg);
    if (!ownsNamespace(caller, namespace)) throw new ForbiddenError(Messages.notAuthorized(actionResource(namespace, pkg, name)));
    if (pkg === undefined) return { namespace, name };
    const p = await this.packages.find(namespace, pkg);
    if (!p) throw new NotFoundError(Messages.resourceDoesNotExist);
    if (p.binding) throw new BadRequestError(Messages.bindingNotAllowed);
    return { namespace, package: pkg, name };
  }
}
