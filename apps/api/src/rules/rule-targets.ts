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
function boundPackage(binding: PackageEntity): { namespace: string; package: string } {
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
  const own = ref.namespace === callerNamespace;
  let home: { namespace: string; package: string } | undefined = { namespace: ref.namespace, package: '' };
  if (!ref.package) {
    if (!own) throw new ForbiddenError(Messages.notAuthorized(`${ref.namespace}/actions/${ref.name}`));
  } else {
    const pkg = await m.findOneBy(PackageEntity, { namespace: ref.namespace, name: ref.package });
    if (!own && !pkg?.publish) throw new ForbiddenError(Messages.notAuthorized(`${ref.namespace}/packages/${ref.package}`));
    home = !pkg ? undefined : pkg.binding ? boundPackage(pkg) : { namespace: pkg.namespace, package: pkg.name };
  }
  const exists = home !== undefined && (await m.existsBy(ActionEntity, { ...home, name: ref.name }));
  if (!exists) throw new BadRequestError(Messages.actionMissing(qualifiedNameOf(ref)));
}
