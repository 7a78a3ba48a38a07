import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { assertEntityName, BadRequestError, ConflictError, Messages, NotFoundError, pathOf, RuleEntity, TriggerEntity } from '@wisp/core';
import type { Identity } from '../auth/identity';
import { assertOwner, resolveNamespace } from '../auth/namespace-access';
import { nextVersion } from '../common/asset-body';
import { parseListQuery, queryFlag } from '../common/list-query';
import { conflictOnDuplicate } from '../common/unique-violation';
import { parseRulePut, type RulePut } from './rule-put';
import { parseRuleStatus } from './rule-status';
import { refOfPath } from './rule-link';
import { toRuleResponse, toRuleSummary } from './rule.mapper';
import { assertRuleAction, lockRuleTrigger } from './rule-targets';
import { updateAtRevision } from '../common/update-at-revision';

/** The rules API: CRUD and enable/disable, with OpenWhisk's entitlement (rules are never shared across namespaces). */
@Injectable()
export class RulesService {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  /** `GET /namespaces/{ns}/rules`: stored rules, newest first, or `{rules: N}` with `count`. */
  async list(caller: Identity, ns: string, query: Record<string, unknown>) {
    const namespace = resolveNamespace(caller, ns);
    assertOwner(caller, namespace, `${namespace}/rules`);
    const q = parseListQuery(query, 'rules');
    const repo = this.db.getRepository(RuleEntity);
    if (q.count) return { rules: await repo.countBy({ namespace }) };
    const rows = await repo.find({ where: { namespace }, order: { updated: 'DESC', name: 'ASC' }, skip: q.skip, take: q.limit });
    return rows.map(toRuleSummary);
  }

  /** `GET /namespaces/{ns}/rules/{name}`; works while the rule's action or trigger is gone. */
  async get(caller: Identity, ns: string, name: string) {
    const namespace = this.ownedRule(caller, ns, name);
    return toRuleResponse(await this.find(this.db.manager, namespace, name));
  }

  /**
   * `PUT /namespaces/{ns}/rules/{name}[?overwrite=true]`. A new rule is active; an update may re-point trigger and action
   * and keeps the status. Trigger and action must exist when the rule is written.
   */
  async put(caller: Identity, ns: string, name: string, body: unknown, query: Record<string, unknown>) {
    const namespace = this.ownedRule(caller, ns, name);
    const input = parseRulePut(body, caller.namespace);
    const overwrite = queryFlag(query.overwrite);
    const saved = await conflictOnDuplicate(() =>
      this.db.transaction(async (m) => {
        const existing = await m.findOneBy(RuleEntity, { namespace, name });
        if (existing && !overwrite) throw new ConflictError(Messages.resourceExists);
        return existing ? this.update(m, caller, existing, input) : this.create(m, caller, namespace, name, input);
      }),
    );
    return toRuleResponse(saved);
  }

  /** `DELETE /namespaces/{ns}/rules/{name}`: returns the rule with status `inactive`, whatever its trigger's state. */
  async delete(caller: Identity, ns: string, name: string) {
    const namespace = this.ownedRule(caller, ns, name);
    const rule = await this.find(this.db.manager, namespace, name);
    const { affected } = await this.db.getRepository(RuleEntity).delete({ id: rule.id });
    if (affected !== 1) throw new NotFoundError(Messages.resourceDoesNotExist);
    return toRuleResponse(rule, 'inactive');
  }

  /**
   * `POST /namespaces/{ns}/rules/{name}` with `{status}`: enables or disables; asking for the current state is a no-op.
   * Enabling needs the trigger, which is row-locked so a concurrent trigger delete cannot leave the rule active.
   */
  async setStatus(caller: Identity, ns: string, name: string, body: unknown): Promise<void> {
    const namespace = this.ownedRule(caller, ns, name);
    const status = parseRuleStatus(body);
    await this.db.transaction(async (m) => {
      const rule = await this.find(m, namespace, name);
      const trigger = refOfPath(rule.triggerPath);
      const exists = await m.findOne(TriggerEntity, { where: { namespace: trigger.namespace, name: trigger.name }, lock: { mode: 'pessimistic_read' } });
      // Without its trigger a rule is inactive: disabling it is a no-op, enabling it is impossible (as in OpenWhisk).
      if (!exists && status === 'active') throw new NotFoundError(Messages.ruleNeedsTrigger);
      if (rule.status !== status) await updateAtRevision(m, RuleEntity, rule, { status });
    });
  }

  private async create(m: EntityManager, caller: Identity, namespace: string, name: string, input: RulePut): Promise<RuleEntity> {
    if (!input.trigger) throw new BadRequestError(Messages.ruleFieldMissing('trigger'));
    if (!input.action) throw new BadRequestError(Messages.ruleFieldMissing('action'));
    await lockRuleTrigger(m, input.trigger, namespace);
    await assertRuleAction(m, input.action, caller.namespace);
    const rule = m.create(RuleEntity, {
      namespace,
      name,
      version: nextVersion(input.version, undefined),
      publish: input.publish ?? false,
      annotations: input.annotations ?? [],
      triggerPath: pathOf(input.trigger),
      actionPath: pathOf(input.action),
      status: 'active',
      updated: Date.now(),
    });
    return m.save(rule);
  }

  private async update(m: EntityManager, caller: Identity, rule: RuleEntity, input: RulePut): Promise<RuleEntity> {
    const trigger = input.trigger ?? refOfPath(rule.triggerPath);
    const action = input.action ?? refOfPath(rule.actionPath);
    await lockRuleTrigger(m, trigger, rule.namespace);
    await assertRuleAction(m, action, caller.namespace);
    return updateAtRevision(m, RuleEntity, rule, {
      version: nextVersion(input.version, rule.version),
      publish: input.publish ?? rule.publish,
      annotations: input.annotations ?? rule.annotations,
      triggerPath: pathOf(trigger),
      actionPath: pathOf(action),
      updated: Date.now(),
    });
  }

  /** Resolves `{ns}`, validates the name and requires the caller to own the namespace (reads included). */
  private ownedRule(caller: Identity, ns: string, name: string): string {
    const namespace = resolveNamespace(caller, ns);
    assertOwner(caller, namespace, `${namespace}/rules/${name}`);
    assertEntityName(name);
    return namespace;
  }

  private async find(m: EntityManager, namespace: string, name: string): Promise<RuleEntity> {
    const rule = await m.findOneBy(RuleEntity, { namespace, name });
    if (!rule) throw new NotFoundError(Messages.resourceDoesNotExist);
    return rule;
  }
}
