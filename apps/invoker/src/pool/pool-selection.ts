/** What the selection needs to know about one pooled container. */
export interface SelectableEntry {
  /** `starting`: being created; `prewarm`: stem cell not yet initialised; `busy`: running; `idle`/`paused`: warm. */
  state: 'starting' | 'prewarm' | 'busy' | 'idle' | 'paused';
  /** Pool key of the action it is initialised for (undefined for stem cells). */
  key?: string;
  kind: string;
  memoryMb: number;
  /** Epoch ms of the last release (creation time for stem cells): the LRU order of eviction. */
  lastUsed: number;
}

/** What a request wants. */
export interface SelectionRequest {
  key: string;
  kind: string;
  memoryMb: number;
  /** True when a stem cell of `kind` may be specialised for this request. */
  prewarmable: boolean;
}

/** The pool's decision for one request. */
export type Selection<E> =
  | { kind: 'warm'; entry: E }
  | { kind: 'prewarm'; entry: E }
  | { kind: 'cold'; evict: E[] }
  | { kind: 'wait' };

/**
 * OpenWhisk's container scheduling, as a pure function: a warm container of the same key (running ones before paused,
 * most recently used first); else a stem cell of the same kind and memory; else a new container when memory allows,
 * evicting idle containers of other actions least recently used first; else wait for a release.
 * A request larger than the whole pool still starts once nothing else holds memory (it would never fit otherwise).
 */
export function selectContainer<E extends SelectableEntry>(entries: Iterable<E>, want: SelectionRequest, capacityMb: number): Selection<E> {
  const all = [...entries];
  const warm = all.filter((e) => e.key === want.key && (e.state === 'idle' || e.state === 'paused'));
  if (warm.length > 0) {
    warm.sort((a, b) => (a.state === b.state ? b.lastUsed - a.lastUsed : a.state === 'idle' ? -1 : 1));
    return { kind: 'warm', entry: warm[0] };
  }
  if (want.prewarmable) {
    const stem = all.find((e) => e.state === 'prewarm' && e.kind === want.kind && e.memoryMb === want.memoryMb);
    if (stem) return { kind: 'prewarm', entry: stem };
  }
  const evict = evictionFor(all, Math.min(want.memoryMb, capacityMb), capacityMb, (e) => (e.state === 'idle' || e.state === 'paused' || e.state === 'prewarm') && e.key !== want.key);
  return evict ? { kind: 'cold', evict } : { kind: 'wait' };
}

/**
 * Which entries to remove so that `neededMb` fits in `capacityMb`: those `evictable` allows, least recently used
 * first, no more than needed. Undefined when even all of them would not free enough.
 */
export function evictionFor<E extends SelectableEntry>(entries: Iterable<E>, neededMb: number, capacityMb: number, evictable: (e: E) => boolean): E[] | undefined {
  const all = [...entries];
  let free = capacityMb - usedMemory(all);
  const evict: E[] = [];
  if (free >= neededMb) return evict;
  for (const e of all.filter(evictable).sort((a, b) => a.lastUsed - b.lastUsed)) {
    evict.push(e);
    free += e.memoryMb;
    if (free >= neededMb) return evict;
  }
  return undefined;
}

/** Memory held by entries, MB. */
export function usedMemory(entries: Iterable<SelectableEntry>): number {
  let sum = 0;
  for (const e of entries) sum += e.memoryMb;
  return sum;
}
