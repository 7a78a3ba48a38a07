import type { EntityRef, RuleEntity, TriggerEntity } from '@wisp/core';

/** An active rule of a trigger and the action it activates. */
export interface ActiveRule {
  /** `ns/rule`, as the trigger's activation logs name it. */
  path: string;
  rule: RuleEntity;
  /** The action as the rule names it (a binding path stays a binding path; the invoke path resolves it). */
  action: EntityRef;
}

/** What firing a trigger needs: the trigger and its active rules. */
export interface TriggerWithActiveRules {
  trigger: TriggerEntity;
  rules: ActiveRule[];
}
