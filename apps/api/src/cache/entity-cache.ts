import { Injectable } from '@nestjs/common';

/** Upper bound on how long an entry lives even without a change notification (a safety net), ms. */
const TTL_MS = 60_000;
const CAPACITY = 50_000;

/**
 * What the invoke and fire paths read on every request (resolved actions, triggers with their active rules), kept in
 * memory. Any write to actions, packages, triggers or rules clears it: at once for writes this process served, and
 * through PostgreSQL NOTIFY for writes anywhere else. Cached values are shared: callers must not mutate them.
 */
@Injectable()
export class EntityCache {
  private readonly entries = new Map<string, { value: Promise<unknown>; until: number }>();

  /** The cached value of `key`, or what `load` yields (failures are not cached). */
  get<T>(key: string, load: () => Promise<T>): Promise<T> {
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && hit.until > now) return hit.value as Promise<T>;
    const value = load();
    if (this.entries.size >= CAPACITY) this.entries.clear();
    const entry = { value, until: now + TTL_MS };
    this.entries.set(key, entry);
    value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return value;
  }

  /** Forgets everything (an entity changed somewhere); loads already running serve only their own callers. */
  clear(): void {
    this.entries.clear();
  }

  /** Entries held (for tests). */
  get size(): number {
    return this.entries.size;
  }
}
