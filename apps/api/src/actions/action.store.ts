import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ActionEntity, BadRequestError, ConflictError, Messages, NotFoundError, PackageEntity } from '@wisp/core';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { conflictOnDuplicate } from '../common/unique-violation';

/** Which actions a list covers: a whole namespace (top level and packages), or one package. */
export interface ActionListScope {
  namespace: string;
  /** Only this package's actions; undefined lists every action of the namespace. */
  package?: string;
}

/** A place an action lives: namespace and package ('' at top level). */
export interface ActionPlace {
  namespace: string;
  package: string;
}

const SUMMARY_COLUMNS = ['a.id', 'a.namespace', 'a.package', 'a.name', 'a.version', 'a.publish', 'a.annotations', 'a.limits', 'a.updated', 'a.revision'];

/** Persistence of actions. Every lookup by name uses the (namespace, package, name) unique index. */
@Injectable()
export class ActionStore {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  /** One action by place and name (`pkg` '' at top level). */
  find(namespace: string, pkg: string, name: string): Promise<ActionEntity | null> {
    return this.db.getRepository(ActionEntity).findOneBy({ namespace, package: pkg, name });
  }

  /** Summaries, newest first; `exec` holds only `kind` and `binary` (code is never read for a list). */
  async list(scope: ActionListScope, skip: number, limit: number): Promise<ActionEntity[]> {
    const { raw, entities } = await this.scoped(scope)
      .select(SUMMARY_COLUMNS)
      .addSelect("jsonb_build_object('kind', a.exec->'kind', 'binary', COALESCE(a.exec->'binary', 'false'::jsonb))", 'exec_summary')
      .orderBy('a.updated', 'DESC')
      .addOrderBy('a.name', 'ASC')
      .offset(skip)
      .limit(limit)
      .getRawAndEntities<{ a_id: string; exec_summary: ActionEntity['exec'] }>();
    const execs = new Map(raw.map((r) => [r.a_id, r.exec_summary]));
    return entities.map((e) => Object.assign(e, { exec: execs.get(e.id) ?? { kind: '', binary: false } }));
  }

  count(scope: ActionListScope): Promise<number> {
    return this.scoped(scope).getCount();
  }

  /**
   * Inserts a new action. A packaged action is inserted in one transaction with a share lock on its package row,
   * so a concurrent package delete cannot leave it orphaned.
   * @throws ConflictError (name taken concurrently), NotFoundError / BadRequestError (package gone or a binding).
   */
  async insert(place: ActionPlace, name: string, fields: Omit<ActionEntity, 'id' | 'revision' | 'namespace' | 'package' | 'name'>): Promise<ActionEntity> {
    const entity = this.db.getRepository(ActionEntity).create({ ...fields, namespace: place.namespace, package: place.package, name });
    await conflictOnDuplicate(() =>
      this.db.transaction(async (m) => {
        if (place.package) {
          const pkg = await m
            .getRepository(PackageEntity)
            .createQueryBuilder('p')
            .setLock('pessimistic_read')
            .where('p.namespace = :namespace AND p.name = :name', { namespace: place.namespace, name: place.package })
            .getOne();
          if (!pkg) throw new NotFoundError(Messages.resourceDoesNotExist);
          if (pkg.binding) throw new BadRequestError(Messages.bindingNotAllowed);
        }
        await m.getRepository(ActionEntity).insert(entity as QueryDeepPartialEntity<ActionEntity>);
      }),
    );
    return entity;
  }

  /** Applies `changes` if nobody changed the row since it was read. @throws ConflictError on a concurrent change. */
  async update(existing: ActionEntity, changes: Partial<ActionEntity>): Promise<ActionEntity> {
    const r = await this.db.getRepository(ActionEntity).update({ id: existing.id, revision: existing.revision }, changes as QueryDeepPartialEntity<ActionEntity>);
    if (!r.affected) throw new ConflictError(Messages.concurrentModification);
    return Object.assign(new ActionEntity(), existing, changes, { revision: existing.revision + 1 });
  }

  /** Deletes an action read before. @throws NotFoundError when it is already gone. */
  async delete(action: ActionEntity): Promise<void> {
    const r = await this.db.getRepository(ActionEntity).delete({ id: action.id });
    if (!r.affected) throw new NotFoundError(Messages.resourceDoesNotExist);
  }

  private scoped(scope: ActionListScope) {
    const q = this.db.getRepository(ActionEntity).createQueryBuilder('a').where('a.namespace = :namespace', { namespace: scope.namespace });
    return scope.package === undefined ? q : q.andWhere('a.package = :package', { package: scope.package });
  }
}
