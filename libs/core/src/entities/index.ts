import { ActionEntity } from './action.entity';
import { ActivationKeyEntity } from './activation-key.entity';
import { ActivationEntity } from './activation.entity';
import { DeadLetterEntity } from './dead-letter.entity';
import { FeedSubscriptionEntity } from './feed-subscription.entity';
import { NamespaceEntity } from './namespace.entity';
import { PackageEntity } from './package.entity';
import { RuleEntity } from './rule.entity';
import { SubjectEntity } from './subject.entity';
import { TriggerEntity } from './trigger.entity';

export * from './column-transformers';
export * from './base-asset.entity';
export { ActionEntity, ActivationKeyEntity, ActivationEntity, DeadLetterEntity, FeedSubscriptionEntity, NamespaceEntity, PackageEntity, RuleEntity, SubjectEntity, TriggerEntity };
export type { ActionExec } from './action.entity';
export type { BindingRef } from './package.entity';
export type { RuleStatus } from './rule.entity';
export type { ActivationResponse } from './activation.entity';
export type { SubscriptionStatus } from './feed-subscription.entity';

/** Every TypeORM entity Wisp stores. */
export const WISP_ENTITIES = [
  NamespaceEntity,
  SubjectEntity,
  ActionEntity,
  PackageEntity,
  TriggerEntity,
  RuleEntity,
  ActivationEntity,
  FeedSubscriptionEntity,
  DeadLetterEntity,
  ActivationKeyEntity,
];
