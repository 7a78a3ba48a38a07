import type { RuleEntity, RuleStatus } from '@wisp/core';
import { toBaseResponse } from '../common/asset-response';
import { pathNameOf } from './rule-link';

/** A rule as a list shows it: the stored document, without status (OpenWhisk computes status only for a single rule). */
export function toRuleSummary(r: RuleEntity) {
  return { ...toBaseResponse(r), trigger: pathNameOf(r.triggerPath), action: pathNameOf(r.actionPath) };
}

/** A rule as GET/PUT/DELETE return it; `status` overrides the stored one (DELETE reports `inactive`). */
export function toRuleResponse(r: RuleEntity, status: RuleStatus = r.status) {
  return { ...toRuleSummary(r), status };
}
