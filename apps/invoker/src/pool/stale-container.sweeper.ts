import { Injectable, Logger } from '@nestjs/common';
import { ActionRevisionsReader } from './action-revisions.reader';
import { ContainerPool } from './container-pool';

/**
 * Removes warm containers of actions that were updated or deleted, so their memory goes back to stem cells and other
 * actions. Each sweep compares the revisions the pool holds with the store; requests during a sweep fold into one
 * more sweep after it, so a burst of changes costs two queries, not one per change.
 */
@Injectable()
export class StaleContainerSweeper {
  private readonly logger = new Logger(StaleContainerSweeper.name);
  private running?: Promise<void>;
  private again = false;

  constructor(
    private readonly pool: ContainerPool,
    private readonly revisions: ActionRevisionsReader,
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
    const held = this.pool.heldActions();
    if (held.length === 0) return;
    try {
      const current = await this.revisions.current([...new Set(held.map((a) => a.id))]);
      const removed = this.pool.dropStale((a) => current.get(a.id) === a.revision);
      if (removed > 0) this.logger.log(`removed ${removed} idle container(s) of changed or deleted actions`);
    } catch (e) {
      // The idle TTL still removes them; the next change sweeps again.
      this.logger.warn(`cannot check the revisions of pooled actions: ${(e as Error).message}`);
    }
  }
}
