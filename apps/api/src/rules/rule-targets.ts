import {
  ActionEntity,
  BadRequestError,
  DEFAULT_NAMESPACE_ALIAS,
  type EntityRef,
  ForbiddenError,
  Messages,
  PackageEntity,
  qualifiedNameOf,
  TriggerEntity,
} from '@wisp/core';
import type { EntityManager } from 'typeorm';

/** Where the actions of a binding really live (`_` in a stored binding stands for the binding's own namespace). */
function boundPackage(binding: PackageEntity): ActionHome {
  const { namespace, name } = binding.binding!;
  return { namespace: namespace === DEFAULT_NAMESPACE_ALIAS ? binding.namespace : namespace, package: name };
}

/**
 * Loads the trigger a rule points at with a shared row lock, so a concurrent trigger delete waits for the rule write
 * (and then deactivates the rule) instead of leaving an active rule on a trigger that no longer exists.
 * The trigger must live in the rule's namespace: triggers are never shared.
 * @throws ForbiddenError for a trigger in another namespace, BadRequestError `trigger /ns/t does not exist`.
 */
export async function lockRuleTrigger(m: EntityManager, ref: EntityRef, ruleNamespace: string): Promise<TriggerEntity> {
  if (ref.namespace !== ruleNamespace) throw new ForbiddenError(Messages.notAuthorized(`${ref.namespace}/triggers/${ref.name}`));
  const trigger = ref.package
    ? null
    : await m.findOne(TriggerEntity, { where: { namespace: ref.namespace, name: ref.name }, lock: { mode: 'pessimistic_read' } });
  if (!trigger) throw new BadRequestError(Messages.triggerMissing(qualifiedNameOf(ref)));
  return trigger;
}

/**
 * Checks that the action a rule points at exists and that the caller may read it: its own actions, or actions in a
 * published package of another namespace. A package binding is followed to the package it binds.
 * @throws ForbiddenError when not readable, BadRequestError `action /ns/a does not exist`.
 */
export async function assertRuleAction(m: EntityManager, ref: EntityRef, callerNamespace: string): Promise<void> {
  let home: ActionHome | undefined;
  if (!ref.package) {
    if (ref.namespace !== callerNamespace) throw new ForbiddenError(Messages.notAuthorized(`${ref.namespace}/actions/${ref.name}`));
    home = { namespace: ref.namespace, package: '' };
  } else {
    const pkg = await m.findOneBy(PackageEntity, { namespace: ref.namespace, name: ref.package });
    const bound = pkg?.binding ? boundPackage(pkg) : undefined;
    const target = bound ? await m.findOneBy(PackageEntity, { namespace: bound.namespace, name: bound.package }) : null;
    home = readablePackageHome(ref, callerNamespace, pkg, target);
  }
  const exists = home !== undefined && (await m.existsBy(ActionEntity, { ...home, name: ref.name }));
  if (!exists) throw new BadRequestError(Messages.actionMissing(qualifiedNameOf(ref)));
}

/** Where a packaged action's rows live: namespace and package name. */
export interface ActionHome {
  namespace: string;
  package: string;
}

/**
 * Read entitlement on the package part of a rule's action, as the action resolver decides it for invocation: a plain
 * package is readable by its owner or, published, by anyone; a binding only by its owner (publishing a binding shares
 * nothing), and only when the package it binds is readable too. Undefined when the package (or its target) is missing
 * and the caller may know it.
 * @param pkg the package `ref` names; `target` the package it binds, when it is a binding.
 * @throws ForbiddenError when the caller may not read it.
 */
export function readablePackageHome(ref: EntityRef, callerNamespace: string, pkg: PackageEntity | null, target: PackageEntity | null): ActionHome | undefined {
  const own = ref.namespace === callerNamespace;
  const denied = () => new ForbiddenError(Messages.notAuthorized(`${ref.namespace}/packages/${ref.package}`));
  if (!pkg) {
    if (!own) throw denied();
    return undefined;
  }
  if (!pkg.binding) {
    if (!own && !pkg.publish) throw denied();
    return { namespace: pkg.namespace, package: pkg.name };
  }
  if (!own) throw denied();
  if (!target || target.binding) return undefined;
  if (target.namespace !== callerNamespace && !target.publish) throw denied();
  return { namespace: target.namespace, package: target.name };
}
