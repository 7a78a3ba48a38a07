import { Injectable } from '@nestjs/common';
import { BadRequestError, type EntityRef, Messages, NotFoundError, parseQualifiedName, SystemLimits } from '@wisp/core';
import type { Identity } from '../auth/identity';
import { PackageStore } from '../packages/package.store';
import { ActionResolver } from './action.resolver';
import { ActionStore } from './action.store';

const MAX = SystemLimits.sequenceMaxLength;
const bad = (message: string) => new BadRequestError(message);

function samePlace(a: EntityRef, b: EntityRef): boolean {
  return a.namespace === b.namespace && (a.package ?? '') === (b.package ?? '') && a.name === b.name;
}

/**
 * Create-time checks of a sequence, as OpenWhisk makes them: the caller may read every component (403 otherwise);
 * at least one and at most 50 components; after following bindings and inlining nested sequences no component is
 * the sequence itself, every one exists, and there are at most 50 atomic actions in all.
 */
@Injectable()
export class SequenceValidator {
  constructor(
    private readonly resolver: ActionResolver,
    private readonly actions: ActionStore,
    private readonly packages: PackageStore,
  ) {}

  /**
   * @param self where the sequence is being saved.
   * @param components its components, fully qualified with `_` already resolved.
   * @throws ForbiddenError, BadRequestError with OpenWhisk's sequence texts.
   */
  async validate(caller: Identity, self: EntityRef, components: readonly string[]): Promise<void> {
    if (components.length === 0) throw bad(Messages.sequenceEmpty);
    if (components.length > MAX) throw bad(Messages.sequenceTooLong);
    const refs = components.map((c) => this.parse(c, caller.namespace));
    const located = await Promise.all(
      refs.map((r) =>
        this.resolver.locate(caller, r.namespace, r.package, r.name).catch((e: unknown) => {
          throw e instanceof NotFoundError ? bad(Messages.sequenceComponentMissing) : e;
        }),
      ),
    );
    // Depth-first with a running count, so a huge nested structure stops as soon as it is known to be too long.
    const count = { atomic: 0 };
    for (const { ref } of located) await this.visit(self, ref, count, 0);
  }

  private async visit(self: EntityRef, ref: EntityRef, count: { atomic: number }, depth: number): Promise<void> {
    if (samePlace(ref, self)) throw bad(Messages.sequenceSelf);
    const action = await this.actions.find(ref.namespace, ref.package ?? '', ref.name);
    if (!action) throw bad(Messages.sequenceComponentMissing);
    if (action.exec.kind !== 'sequence') {
      if (++count.atomic > MAX) throw bad(Messages.sequenceTooLong);
      return;
    }
    // Each level holds at least one action, so nesting deeper than the cap can only be too long (or a cycle).
    if (depth >= MAX) throw bad(Messages.sequenceTooLong);
    for (const c of action.exec.components ?? []) await this.visit(self, await this.follow(this.parse(c, ref.namespace)), count, depth + 1);
  }

  /** Follows a binding in a stored component (no entitlement: it was checked when that sequence was saved). */
  private async follow(ref: EntityRef): Promise<EntityRef> {
    if (!ref.package) return ref;
    const found = await this.packages.findWithTarget(ref.namespace, ref.package);
    if (!found) throw bad(Messages.sequenceComponentMissing);
    if (!found.pkg.binding) return ref;
    if (!found.target || found.target.binding) throw bad(Messages.sequenceComponentMissing);
    return { namespace: found.target.namespace, package: found.target.name, name: ref.name };
  }

  private parse(component: string, namespace: string): EntityRef {
    return parseQualifiedName(component, namespace, Messages.sequenceComponentMissing);
  }
}
