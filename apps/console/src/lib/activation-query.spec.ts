import { activationQuery, filterByOutcome, mergeActivations, pageInfo } from './activation-query';
import type { ActivationDoc } from './types';

const a = (id: string, start: number, statusCode?: number): ActivationDoc => ({ namespace: 'g', name: 'n', activationId: id, start, ...(statusCode !== undefined ? { end: start + 1, statusCode } : {}) });

describe('activation filters', () => {
  it('builds the list query: name, since from the range, paging, no docs', () => {
    expect(activationQuery({ name: ' /_/pkg/act ', outcome: 'any', range: '1h' }, { skip: 50, limit: 50 }, 10_000_000)).toEqual({ name: 'pkg/act', since: String(10_000_000 - 3_600_000), skip: '50', limit: '50', docs: 'false' });
    expect(activationQuery({ name: '', outcome: 'success', range: 'all' }, { skip: 0, limit: 30 }, 1)).toEqual({ skip: '0', limit: '30', docs: 'false' });
  });

  it('filters by outcome on the client', () => {
    const list = [a('1', 1, 0), a('2', 2, 1), { ...a('3', 3), annotations: [{ key: 'kind', value: 'nodejs:20' }] }];
    expect(filterByOutcome(list, 'application error').map((x) => x.activationId)).toEqual(['2']);
    expect(filterByOutcome(list, 'running').map((x) => x.activationId)).toEqual(['3']);
    expect(filterByOutcome(list, 'any')).toHaveLength(3);
  });

  it('merges a polled page: newest first, a finished record replaces its running copy, capped', () => {
    const merged = mergeActivations([a('1', 1, 0), a('2', 2)], [a('3', 3, 0), a('2', 2, 1)], 2);
    expect(merged.map((x) => [x.activationId, x.statusCode])).toEqual([
      ['3', 0],
      ['2', 1],
    ]);
  });

  it('pages without a total: a full page may have a next one', () => {
    expect(pageInfo(0, 30, 30)).toEqual({ page: 1, hasPrev: false, hasNext: true });
    expect(pageInfo(60, 30, 4)).toEqual({ page: 3, hasPrev: true, hasNext: false });
  });
});
