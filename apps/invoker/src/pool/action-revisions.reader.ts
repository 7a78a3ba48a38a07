import { Injectable } from '@nestjs/common';
import { ActionEntity } from '@wisp/core';
import { DataSource, In } from 'typeorm';

/** Reads which revision of each action is stored now (the adapter between the pool and the actions table). */
@Injectable()
export class ActionRevisionsReader {
  constructor(private readonly dataSource: DataSource) {}

  /** Current revision by action id; ids of deleted actions are absent. */
  async current(ids: string[]): Promise<Map<string, number>> {
    if (ids.length === 0) return new Map();
    const rows = await this.dataSource.getRepository(ActionEntity).find({ where: { id: In(ids) }, select: { id: true, revision: true } });
    return new Map(rows.map((r) => [r.id, r.revision]));
  }
}
