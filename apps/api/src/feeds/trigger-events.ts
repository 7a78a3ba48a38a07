import { Injectable, Logger } from '@nestjs/common';

/** Called after a trigger was deleted (committed). */
export type TriggerDeletedListener = (namespace: string, name: string) => Promise<void>;

/**
 * In-process notifications about triggers, so the triggers service needs no dependency on feeds: deleting a trigger
 * that has a feed runs the feed's DELETE server-side. Listener failures are logged, never thrown at the deleter.
 */
@Injectable()
export class TriggerEvents {
  private readonly logger = new Logger(TriggerEvents.name);
  private readonly deletedListeners: TriggerDeletedListener[] = [];

  onDeleted(listener: TriggerDeletedListener): void {
    this.deletedListeners.push(listener);
  }

  async deleted(namespace: string, name: string): Promise<void> {
    for (const listener of this.deletedListeners) {
      await listener(namespace, name).catch((e: Error) => this.logger.error(`after deleting trigger ${namespace}/${name}: ${e.stack}`));
    }
  }
}
