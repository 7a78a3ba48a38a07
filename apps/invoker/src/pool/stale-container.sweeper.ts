import { Injectable, Logger } from '@nestjs/common';
import type { SourceRevision } from './container-lease';
import { ContainerPool } from './container-pool';
import { SourceRevisionsReader } from './source-revisions.reader';

/**
 * Removes warm containers of actions that were updated or deleted, and of those whose `/init` parameters came from a
 * package or binding that changed, so their memory goes back to stem cells and other actions. Each sweep compares the revisions the pool holds with the store; requests during a sweep fold into one
 * more sweep after it, so a burst of changes costs two queries, not one per change.
 */
@Injectable()
export class StaleContainerSweeper {
  private readonly logger = new Logger(StaleContainerSweeper.name);
  private running?: Promise<void>;
  private again = false;

  constructor(
    private readonly pool: ContainerPool,
    private readonly revisions: SourceRevisionsReader,
  ) {}

  /** Asks for a sweep (soon, never two at once). The returned promise settles when the sweep that covers it ends. */
  request(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running.then(() => this.running);
    }
    this.running = this.sweep().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        void this.request();
      }
    });
    return this.running;
  }

  private async sweep(): Promise<void> {
    const held = this.pool.heldSources();
    if (held.length === 0) return;
    try {
      const tables = [...new Set(held.map((s) => s.table))];
      const current = new Map(await Promise.all(tables.map(async (t) => [t, await this.revisions.current(t, idsOf(held, t))] as const)));
      const removed = this.pool.dropStale((s) => current.get(s.table)?.get(s.id) === s.revision);
      if (removed > 0) this.logger.log(`removed ${removed} idle container(s) of changed or deleted actions and packages`);
    } catch (e) {
      // The idle TTL still removes them; the next change sweeps again.
      this.logger.warn(`cannot check the revisions of pooled actions and packages: ${(e as Error).message}`);
    }
  }
}

function idsOf(held: SourceRevision[], table: SourceRevision['table']): string[] {
  return [...new Set(held.filter((s) => s.table === table).map((s) => s.id))];
}
