import { backoffDelay, isRetryable, parseDeliveryPolicy } from './delivery-policy';
import { matchesFilter, parseRuleFilter } from './rule-filter';

describe('rule filters', () => {
  const push = { type: 'push', ref: 'refs/heads/main', repo: 'org/app', size: 3 };

  it('matches exact, prefix and suffix on top-level fields', () => {
    expect(matchesFilter(parseRuleFilter({ exact: { type: 'push' } }), push)).toBe(true);
    expect(matchesFilter(parseRuleFilter({ exact: { type: 'push', size: '3' } }), push)).toBe(true);
    expect(matchesFilter(parseRuleFilter({ prefix: { ref: 'refs/heads/' } }), push)).toBe(true);
    expect(matchesFilter(parseRuleFilter({ suffix: { repo: '/app' } }), push)).toBe(true);
    expect(matchesFilter(parseRuleFilter({ exact: { type: 'issue' } }), push)).toBe(false);
    expect(matchesFilter(parseRuleFilter({ exact: { missing: 'x' } }), push)).toBe(false);
  });

  it('combines with all, any, not and top-level arrays', () => {
    expect(matchesFilter(parseRuleFilter([{ exact: { type: 'push' } }, { not: { suffix: { repo: '-test' } } }]), push)).toBe(true);
    expect(matchesFilter(parseRuleFilter({ any: [{ exact: { type: 'issue' } }, { prefix: { repo: 'org/' } }] }), push)).toBe(true);
    expect(matchesFilter(parseRuleFilter({ not: { exact: { type: 'push' } } }), push)).toBe(false);
  });

  it('rejects malformed filters naming the path', () => {
    expect(() => parseRuleFilter({ exact: { a: 1 } })).toThrow('filter.exact.a must be a string');
    expect(() => parseRuleFilter({ regex: {} })).toThrow('exactly one of');
    expect(() => parseRuleFilter({ all: [] })).toThrow('filter.all must be a non-empty array');
    expect(() => parseRuleFilter('push')).toThrow('must be an object or an array');
  });
});

describe('delivery policy', () => {
  it('defaults to 3 exponential retries of internal errors', () => {
    const p = parseDeliveryPolicy({});
    expect(p).toEqual({ retry: 3, backoffPolicy: 'exponential', backoffDelayMs: 1000, maxBackoffMs: 60000, retryOn: ['internal'] });
    expect([1, 2, 3, 4].map((a) => backoffDelay(p, a))).toEqual([1000, 2000, 4000, 8000]);
    expect(isRetryable(p, 3)).toBe(true);
    expect(isRetryable(p, 2)).toBe(false);
  });

  it('supports linear backoff capped by maxBackoffMs and other outcomes', () => {
    const p = parseDeliveryPolicy({ retry: 2, backoffPolicy: 'linear', backoffDelayMs: 500, maxBackoffMs: 800, retryOn: ['developer'] });
    expect([1, 2, 3].map((a) => backoffDelay(p, a))).toEqual([500, 800, 800]);
    expect(isRetryable(p, 2)).toBe(true);
  });

  it('rejects bad values', () => {
    expect(() => parseDeliveryPolicy({ retry: 11 })).toThrow("'retry' must be an integer from 0 to 10");
    expect(() => parseDeliveryPolicy({ backoffPolicy: 'random' })).toThrow('backoffPolicy');
    expect(() => parseDeliveryPolicy({ retryOn: ['sometimes'] })).toThrow('retryOn');
    expect(() => parseDeliveryPolicy(5)).toThrow('must be an object');
  });
});
