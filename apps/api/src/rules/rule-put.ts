import { type EntityRef, Messages, parseQualifiedName } from '@wisp/core';
import { type AssetBody, parseAssetBody } from '../common/asset-body';
import { deliveryPolicyOf } from '../delivery/delivery-policy';
import { ruleFilterOf } from '../delivery/rule-filter';

/** A validated rule PUT body; absent fields stay undefined so `overwrite=true` keeps the stored values. */
export interface RulePut extends Omit<AssetBody, 'parameters'> {
  /** Trigger reference, `_` resolved. */
  trigger?: EntityRef;
  /** Action reference, `_` resolved. */
  action?: EntityRef;
}

/**
 * Parses `{trigger, action, version?, publish?, annotations?}`; trigger and action must be fully qualified
 * (`/ns/t`, `/_/t`, `/ns/pkg/a`), with `_` standing for `callerNamespace`. Wisp's `filter` and `delivery`
 * annotations are validated here so a bad one is a 400 at PUT, never a failure at fire time.
 * @throws BadRequestError with OpenWhisk's texts.
 */
export function parseRulePut(body: unknown, callerNamespace: string): RulePut {
  const b = parseAssetBody(body);
  if (b.annotations) {
    ruleFilterOf(b.annotations);
    deliveryPolicyOf(b.annotations);
  }
  const ref = (field: 'trigger' | 'action') =>
    b[field] === undefined || b[field] === null ? undefined : parseQualifiedName(b[field], callerNamespace, Messages.ruleFieldMissing(field));
  return { version: b.version, publish: b.publish, annotations: b.annotations, trigger: ref('trigger'), action: ref('action') };
}
