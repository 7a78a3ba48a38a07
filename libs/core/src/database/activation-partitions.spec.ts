import { bucketStart, parsePartitionBound, partitionName } from './activation-partitions';

describe('activation partitions', () => {
  const t = Date.UTC(2025, 11, 15, 13, 42, 7);

  it('buckets a time into its UTC day or hour', () => {
    expect(bucketStart(t, 'day')).toBe(Date.UTC(2025, 11, 15));
    expect(bucketStart(t, 'hour')).toBe(Date.UTC(2025, 11, 15, 13));
    expect(bucketStart(Date.UTC(2025, 11, 15), 'day')).toBe(Date.UTC(2025, 11, 15));
  });

  it('names a partition by its UTC start, sortable and unique per grain', () => {
    expect(partitionName(bucketStart(t, 'day'), 'day')).toBe('activations_p20251215');
    expect(partitionName(bucketStart(t, 'hour'), 'hour')).toBe('activations_p2025121513');
  });

  it("reads PostgreSQL's bound expression, and nothing for the default partition", () => {
    expect(parsePartitionBound("FOR VALUES FROM ('1765756800000') TO ('1765843200000')")).toEqual({ from: 1765756800000, to: 1765843200000 });
    expect(parsePartitionBound('DEFAULT')).toBeUndefined();
  });
});
