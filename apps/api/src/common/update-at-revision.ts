import { type BaseAssetEntity, ConflictError, Messages } from '@wisp/core';
import type { EntityManager, EntityTarget, QueryDeepPartialEntity } from 'typeorm';

/**
 * Writes `changes` to the row of `entity` only if its `revision` is still the one that was read, so two concurrent
 * updates cannot silently overwrite each other (TypeORM bumps the version column on every update).
 * Generic over asset kinds; triggers and rules share it.
 * @returns `entity` with the changes applied.
 * @throws ConflictError with OpenWhisk's "Concurrent modification" text when the row changed or vanished meanwhile.
 */
export async function updateAtRevision<T extends BaseAssetEntity>(
  manager: EntityManager,
  target: EntityTarget<T>,
  entity: T,
  changes: Partial<T>,
): Promise<T> {
  const result = await manager
    .createQueryBuilder()
    .update(target)
    // TypeORM's deep-partial type cannot express jsonb columns typed `unknown`; the columns are plain values here.
    .set(changes as QueryDeepPartialEntity<T>)
    .where('id = :id AND revision = :revision', { id: entity.id, revision: entity.revision })
    .execute();
  if (result.affected !== 1) throw new ConflictError(Messages.concurrentModification);
  return Object.assign(entity, changes, { revision: entity.revision + 1 });
}
