import { Injectable } from '@nestjs/common';
import { ActionEntity } from '@wisp/core';
import { DataSource } from 'typeorm';

/** The action (or the revision the message names) no longer exists. */
export class ActionRemovedError extends Error {}

/**
 * Reads an action's code when the controller left it out of the message (large code). Used only on a cold or
 * prewarm start, never on the warm path.
 */
@Injectable()
export class ActionCodeLoader {
  constructor(private readonly dataSource: DataSource) {}

  /** @throws ActionRemovedError when the action is gone or was updated past `revision`; any other error when the read failed. */
  async load(id: string, revision: number): Promise<string | undefined> {
    const row = await this.dataSource.getRepository(ActionEntity).findOne({ where: { id }, select: { id: true, exec: true, revision: true } });
    if (!row || row.revision !== revision) throw new ActionRemovedError(`action ${id} revision ${revision} is no longer stored`);
    return row.exec.code;
  }
}
