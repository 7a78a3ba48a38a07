import type { RuleEntity, TriggerEntity } from '@wisp/core';
import { toBaseResponse } from '../common/asset-response';
import { toRuleLinks } from '../rules/rule-link';

/** A trigger as a list shows it: the fields every asset has. */
export function toTriggerSummary(t: TriggerEntity) {
  return toBaseResponse(t);
}

/** A trigger as GET/PUT/DELETE return it; `rules` (the rules pointing at it) appears only when there is one. */
export function toTriggerResponse(t: TriggerEntity, rules: readonly RuleEntity[] = []) {
  const links = toRuleLinks(rules);
  return { ...toBaseResponse(t), parameters: t.parameters, limits: t.limits, ...(links ? { rules: links } : {}) };
}
