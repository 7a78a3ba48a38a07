import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { ActionEntity, ConflictError, Messages, PackageEntity } from '@wisp/core';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { conflictOnDuplicate } from '../common/unique-violation';

/** A package row together with the package its binding points to (null when not a binding or the target is gone). */
export interface PackageWithTarget {
  pkg: PackageEntity;
  target: PackageEntity | null;
}

/** What `GET /packages/{name}` lists of each action in a package. */
export type PackageContent = Pick<ActionEntity, 'name' | 'version' | 'annotations'>;

/** Paging of a package list. */
export interface PackageListOptions {
  skip: number;
  limit: number;
  /** Only published packages (not bindings): what other namespaces may see. */
  publicOnly: boolean;
}

/** Persistence of packages and bindings (and the package side of their contents). */
@Injectable()
export class PackageStore {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  find(namespace: string, name: string): Promise<PackageEntity | null> {
    return this.db.getRepository(PackageEntity).findOneBy({ namespace, name });
  }

  /** One indexed query: the package and, for a binding, the bound package. */
  async findWithTarget(namespace: string, name: string): Promise<PackageWithTarget | null> {
    const row = await this.db
      .getRepository(PackageEntity)
      .createQueryBuilder('p')
      .leftJoinAndMapOne('p.target', PackageEntity, 't', "t.namespace = p.binding->>'namespace' AND t.name = p.binding->>'name'")
      .where('p.namespace = :namespace AND p.name = :name', { namespace, name })
      .getOne();
    if (!row) return null;
    const { target, ...pkg } = row as PackageEntity & { target?: PackageEntity };
    return { pkg: Object.assign(new PackageEntity(), pkg), target: target ?? null };
  }

  /** Newest first. */
  list(namespace: string, o: PackageListOptions): Promise<PackageEntity[]> {
    return this.listQuery(namespace, o.publicOnly).orderBy('p.updated', 'DESC').addOrderBy('p.name', 'ASC').offset(o.skip).limit(o.limit).getMany();
  }

  count(namespace: string, publicOnly: boolean): Promise<number> {
    return this.listQuery(namespace, publicOnly).getCount();
  }

  /** Name, version and annotations of the actions in a package, newest first. */
  contents(namespace: string, name: string): Promise<PackageContent[]> {
    return this.db
      .getRepository(ActionEntity)
      .createQueryBuilder('a')
      .select(['a.name', 'a.version', 'a.annotations'])
      .where('a.namespace = :namespace AND a.package = :name', { namespace, name })
      .orderBy('a.updated', 'DESC')
      .addOrderBy('a.name', 'ASC')
      .getMany();
  }

  /** Inserts a new package. @throws ConflictError when the name was taken concurrently. */
  async insert(fields: Omit<PackageEntity, 'id' | 'revision'>): Promise<PackageEntity> {
    const entity = this.db.getRepository(PackageEntity).create(fields);
    await conflictOnDuplicate(() => this.db.getRepository(PackageEntity).insert(entity as QueryDeepPartialEntity<PackageEntity>));
    return entity;
  }

  /** Applies `changes` if nobody changed the row since it was read. @throws ConflictError on a concurrent change. */
  async update(existing: PackageEntity, changes: Partial<PackageEntity>): Promise<PackageEntity> {
    const r = await this.db.getRepository(PackageEntity).update({ id: existing.id, revision: existing.revision }, changes as QueryDeepPartialEntity<PackageEntity>);
    if (!r.affected) throw new ConflictError(Messages.concurrentModification);
    return Object.assign(new PackageEntity(), existing, changes, { revision: existing.revision + 1 });
  }

  /**
   * Deletes a package (and, with `force`, its actions) in one transaction, holding the package row so no action can
   * be added meanwhile. Returns the number of actions that blocked the delete (0 when it happened).
   * @throws ConflictError when the package changed or vanished concurrently.
   */
  async delete(pkg: PackageEntity, force: boolean): Promise<number> {
    return this.db.transaction(async (m) => {
      const locked = await m.getRepository(PackageEntity).createQueryBuilder('p').setLock('pessimistic_write').where('p.id = :id', { id: pkg.id }).getOne();
      if (!locked || locked.revision !== pkg.revision) throw new ConflictError(Messages.concurrentModification);
      if (!pkg.binding) {
        const n = await this.countActions(m, pkg);
        if (n > 0 && !force) return n;
        if (n > 0) await m.getRepository(ActionEntity).delete({ namespace: pkg.namespace, package: pkg.name });
      }
      await m.getRepository(PackageEntity).delete({ id: pkg.id });
      return 0;
    });
  }

  private countActions(m: EntityManager, pkg: PackageEntity): Promise<number> {
    return m.getRepository(ActionEntity).countBy({ namespace: pkg.namespace, package: pkg.name });
  }

  private listQuery(namespace: string, publicOnly: boolean) {
    const q = this.db.getRepository(PackageEntity).createQueryBuilder('p').where('p.namespace = :namespace', { namespace });
    return publicOnly ? q.andWhere('p.publish = true AND p.binding IS NULL') : q;
  }
}
