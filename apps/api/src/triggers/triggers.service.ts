import { Inject, Injectable, Optional } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { assertEntityName, ConflictError, Messages, NotFoundError, RuleEntity, TriggerEntity } from '@wisp/core';
import type { Identity } from '../auth/identity';
import { assertOwner, resolveNamespace } from '../auth/namespace-access';
import { nextVersion } from '../common/asset-body';
import { parseListQuery, queryFlag } from '../common/list-query';
import { conflictOnDuplicate } from '../common/unique-violation';
import { TriggerEvents } from '../feeds/trigger-events';
import { refOfPath, rulePathOf } from '../rules/rule-link';
import { updateAtRevision } from '../common/update-at-revision';
import { parseTriggerPut, type TriggerPut } from './trigger-put';
import { toTriggerResponse, toTriggerSummary } from './trigger.mapper';
import type { TriggerWithActiveRules } from './trigger-rules';
import { EntityCache } from '../cache/entity-cache';

/** The triggers API (CRUD; firing lives elsewhere) and the rule lookup firing needs. Triggers are never shared. */
@Injectable()
export class TriggersService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly cache: EntityCache,
    @Optional() private readonly events?: TriggerEvents,
  ) {}

  /** `GET /namespaces/{ns}/triggers`: newest first, or `{triggers: N}` with `count`. */
  async list(caller: Identity, ns: string, query: Record<string, unknown>) {
    const namespace = resolveNamespace(caller, ns);
    assertOwner(caller, namespace, `${namespace}/triggers`);
    const q = parseListQuery(query, 'triggers');
    const repo = this.db.getRepository(TriggerEntity);
    if (q.count) return { triggers: await repo.countBy({ namespace }) };
    const rows = await repo.find({ where: { namespace }, order: { updated: 'DESC', name: 'ASC' }, skip: q.skip, take: q.limit });
    return rows.map(toTriggerSummary);
  }

  /** `GET /namespaces/{ns}/triggers/{name}` with the `rules` map of the rules pointing at it. */
  async get(caller: Identity, ns: string, name: string) {
    const namespace = this.ownedTrigger(caller, ns, name);
    const trigger = await this.find(this.db.manager, namespace, name);
    return toTriggerResponse(trigger, await this.rulesOf(this.db.manager, trigger));
  }

  /** `PUT /namespaces/{ns}/triggers/{name}[?overwrite=true]`; on update, absent fields keep their stored values. */
  async put(caller: Identity, ns: string, name: string, body: unknown, query: Record<string, unknown>) {
    const namespace = this.ownedTrigger(caller, ns, name);
    const input = parseTriggerPut(body, caller.namespace);
    const overwrite = queryFlag(query.overwrite);
    const existing = await this.db.getRepository(TriggerEntity).findOneBy({ namespace, name });
    if (existing && !overwrite) throw new ConflictError(Messages.resourceExists);
    const saved = existing
      ? await updateAtRevision(this.db.manager, TriggerEntity, existing, {
          version: nextVersion(input.version, existing.version),
          publish: input.publish ?? existing.publish,
          annotations: input.annotations ?? existing.annotations,
          parameters: input.parameters ?? existing.parameters,
          limits: input.limits ?? existing.limits,
          updated: Date.now(),
        })
      : await conflictOnDuplicate(() => this.create(namespace, name, input));
    // a new trigger can have rules too: those left (inactive) by a deleted trigger of the same name
    return toTriggerResponse(saved, await this.rulesOf(this.db.manager, saved));
  }

  /**
   * `DELETE /namespaces/{ns}/triggers/{name}`: returns the trigger as it was. Its rules stay (they can still be read and
   * deleted) but become inactive, so a new trigger of the same name does not fire them until they are enabled again.
   * A feed subscription of the trigger is deleted afterwards (its feed's DELETE runs server-side).
   */
  async delete(caller: Identity, ns: string, name: string) {
    const namespace = this.ownedTrigger(caller, ns, name);
    const deleted = await this.db.transaction(async (m) => {
      const trigger = await this.find(m, namespace, name);
      const rules = await this.rulesOf(m, trigger);
      await m.delete(TriggerEntity, { id: trigger.id });
      await m.update(RuleEntity, { triggerPath: `${namespace}/${name}`, status: 'active' }, { status: 'inactive' });
      return toTriggerResponse(trigger, rules);
    });
    await this.events?.deleted(namespace, name);
    return deleted;
  }

  /**
   * The trigger `namespace/name` with its active rules and the action each one names, for firing.
   * Entitlement is the caller's job (only the owner of `namespace` may fire).
   * @throws NotFoundError when the trigger does not exist.
   */
  findActiveRules(namespace: string, triggerName: string): Promise<TriggerWithActiveRules> {
    return this.cache.get(`trigger\0${namespace}\0${triggerName}`, () => this.loadActiveRules(namespace, triggerName));
  }

  private async loadActiveRules(namespace: string, triggerName: string): Promise<TriggerWithActiveRules> {
    const trigger = await this.find(this.db.manager, namespace, triggerName);
    const rules = (await this.rulesOf(this.db.manager, trigger)).filter((r) => r.status === 'active');
    return { trigger, rules: rules.map((rule) => ({ path: rulePathOf(rule), rule, action: refOfPath(rule.actionPath) })) };
  }

  private async create(namespace: string, name: string, input: TriggerPut): Promise<TriggerEntity> {
    const repo = this.db.getRepository(TriggerEntity);
    return repo.save(
      repo.create({
        namespace,
        name,
        version: nextVersion(input.version, undefined),
        publish: input.publish ?? false,
        annotations: input.annotations ?? [],
        parameters: input.parameters ?? [],
        limits: input.limits ?? {},
        updated: Date.now(),
      }),
    );
  }

  /** Resolves `{ns}`, requires the caller to own it (reads included: triggers are private) and validates the name. */
  private ownedTrigger(caller: Identity, ns: string, name: string): string {
    const namespace = resolveNamespace(caller, ns);
    assertOwner(caller, namespace, `${namespace}/triggers/${name}`);
    assertEntityName(name);
    return namespace;
  }

  private async find(m: EntityManager, namespace: string, name: string): Promise<TriggerEntity> {
    const trigger = await m.findOneBy(TriggerEntity, { namespace, name });
    if (!trigger) throw new NotFoundError(Messages.resourceDoesNotExist);
    return trigger;
  }

  private rulesOf(m: EntityManager, trigger: TriggerEntity): Promise<RuleEntity[]> {
    return m.find(RuleEntity, { where: { triggerPath: `${trigger.namespace}/${trigger.name}` }, order: { name: 'ASC' } });
  }
}
