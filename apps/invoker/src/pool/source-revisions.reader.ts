import { Injectable } from '@nestjs/common';
import { ActionEntity, PackageEntity } from '@wisp/core';
import { DataSource, In } from 'typeorm';
import type { SourceRevision } from './container-lease';

/** Reads which revision of each action or package is stored now (the adapter between the pool and those tables). */
@Injectable()
export class SourceRevisionsReader {
  constructor(private readonly dataSource: DataSource) {}

  /** Current revision by id, for rows of `table`; ids of deleted rows are absent. */
  async current(table: SourceRevision['table'], ids: string[]): Promise<Map<string, number>> {
    if (ids.length === 0) return new Map();
    const entity = table === 'actions' ? ActionEntity : PackageEntity;
    const rows = await this.dataSource.getRepository(entity).find({ where: { id: In(ids) }, select: { id: true, revision: true } });
    return new Map(rows.map((r) => [r.id, r.revision]));
  }
}
