import { SelectableEntry, selectContainer } from './pool-selection';

const entry = (e: Partial<SelectableEntry> & { id: string }): SelectableEntry & { id: string } => ({ state: 'idle', kind: 'nodejs:20', memoryMb: 256, lastUsed: 0, ...e });
const want = { key: 'A', kind: 'nodejs:20', memoryMb: 256, prewarmable: true };

describe('selectContainer', () => {
  it('prefers a running warm container of the same key, most recently used first', () => {
    const entries = [entry({ id: 'p', key: 'A', state: 'paused', lastUsed: 9 }), entry({ id: 'old', key: 'A', lastUsed: 1 }), entry({ id: 'new', key: 'A', lastUsed: 5 })];
    expect(selectContainer(entries, want, 2048)).toEqual({ kind: 'warm', entry: entries[2] });
  });

  it('resumes a paused one when no running one is free', () => {
    const entries = [entry({ id: 'busy', key: 'A', state: 'busy' }), entry({ id: 'p', key: 'A', state: 'paused' })];
    expect(selectContainer(entries, want, 2048)).toEqual({ kind: 'warm', entry: entries[1] });
  });

  it('never hands out busy or other-key containers', () => {
    const entries = [entry({ id: 'busy', key: 'A', state: 'busy' }), entry({ id: 'b', key: 'B' })];
    expect(selectContainer(entries, want, 2048)).toEqual({ kind: 'cold', evict: [] });
  });

  it('takes a stem cell of the same kind and memory', () => {
    const entries = [entry({ id: 's512', state: 'prewarm', memoryMb: 512 }), entry({ id: 's', state: 'prewarm' })];
    expect(selectContainer(entries, want, 2048)).toEqual({ kind: 'prewarm', entry: entries[1] });
    expect(selectContainer(entries, { ...want, prewarmable: false }, 2048).kind).toBe('cold');
    expect(selectContainer(entries, { ...want, memoryMb: 128 }, 2048).kind).toBe('cold');
  });

  it('evicts idle containers of other actions, least recently used first, only as many as needed', () => {
    const entries = [entry({ id: 'b2', key: 'B', lastUsed: 2 }), entry({ id: 'b1', key: 'C', state: 'paused', lastUsed: 1 }), entry({ id: 'busy', key: 'D', state: 'busy' })];
    expect(selectContainer(entries, want, 768)).toEqual({ kind: 'cold', evict: [entries[1]] });
  });

  it('waits when busy containers hold the memory', () => {
    const entries = [entry({ id: 'busy', key: 'B', state: 'busy' }), entry({ id: 'start', key: 'C', state: 'starting' })];
    expect(selectContainer(entries, want, 512)).toEqual({ kind: 'wait' });
  });

  it('starts an action larger than the pool once nothing else holds memory', () => {
    expect(selectContainer([], { ...want, memoryMb: 512 }, 256)).toEqual({ kind: 'cold', evict: [] });
    expect(selectContainer([entry({ id: 'busy', key: 'B', state: 'busy', memoryMb: 128 })], { ...want, memoryMb: 512 }, 256)).toEqual({ kind: 'wait' });
  });
});
