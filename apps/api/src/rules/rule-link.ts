import type { EntityRef, RuleEntity, RuleStatus } from '@wisp/core';

/** How OpenWhisk shows a referenced entity: `path` is `ns` or `ns/pkg`, `name` the entity's own name. */
export interface PathName {
  path: string;
  name: string;
}

/** One entry of a trigger's `rules` map. */
export interface RuleLink {
  action: PathName;
  status: RuleStatus;
}

/** `ns/[pkg/]name` → `{path: 'ns[/pkg]', name}`. */
export function pathNameOf(entityPath: string): PathName {
  const cut = entityPath.lastIndexOf('/');
  return { path: entityPath.slice(0, cut), name: entityPath.slice(cut + 1) };
}

/** `ns/[pkg/]name` (as stored in the rules table) → an {@link EntityRef}. */
export function refOfPath(entityPath: string): EntityRef {
  const [namespace, ...rest] = entityPath.split('/');
  return rest.length === 2 ? { namespace, package: rest[0], name: rest[1] } : { namespace, name: rest[0] };
}

/** `ns/rule`: the key of a trigger's `rules` map and the name rule logs use. */
export function rulePathOf(rule: Pick<RuleEntity, 'namespace' | 'name'>): string {
  return `${rule.namespace}/${rule.name}`;
}

/** The `rules` map OpenWhisk shows on a trigger; undefined when no rule points at it, so the field is omitted. */
export function toRuleLinks(rules: readonly RuleEntity[]): Record<string, RuleLink> | undefined {
  if (rules.length === 0) return undefined;
  const links: Record<string, RuleLink> = {};
  for (const r of rules) links[rulePathOf(r)] = { action: pathNameOf(r.actionPath), status: r.status };
  return links;
}
