import type { ActivationRecord } from '../activations';
import type { DataSource } from 'typeorm';
import { ActivationWriter, RecordRejectedError } from './activation-writer';

const record = (id: string, extra: Partial<ActivationRecord> = {}): ActivationRecord => ({
  activationId: id.padEnd(32, '0'),
  namespace: 'guest',
  name: 'a',
  entityName: 'a',
  version: '0.0.1',
  subject: 'guest',
  start: 1,
  end: 2,
  duration: 1,
  cause: null,
  response: { statusCode: 0, result: {} },
  logs: [],
  annotations: [],
  publish: false,
  ...extra,
});

function fakeDataSource(behaviour: (sql: string, params: unknown[]) => unknown = () => []) {
  const queries: { sql: string; params: unknown[] }[] = [];
  const ds = {
    query: async (sql: string, params: unknown[]) => {
      queries.push({ sql, params });
      return behaviour(sql, params);
    },
  } as unknown as DataSource;
  return { ds, queries };
}

describe('ActivationWriter', () => {
  it('batches records written together into one idempotent multi-row insert', async () => {
    const { ds, queries } = fakeDataSource();
    const writer = new ActivationWriter(ds);
    await Promise.all([writer.write(record('1')), writer.write(record('2')), writer.write(record('3'))]);
    expect(queries).toHaveLength(1);
    expect(queries[0].sql).toMatch(/^INSERT INTO activations \(.*\) VALUES \(.*\), \(.*\), \(.*\) ON CONFLICT \(activation_id, start\) DO NOTHING$/);
    expect(queries[0].params).toHaveLength(45);
  });

  it('flushes at 64 without waiting for the linger timer', async () => {
    const { ds, queries } = fakeDataSource();
    const writer = new ActivationWriter(ds);
    const all = Array.from({ length: 64 }, (_, i) => writer.write(record(String(i))));
    expect(queries).toHaveLength(1);
    await Promise.all(all);
  });

  it('rejects at once a record JSON cannot serialise, storing the rest of its batch', async () => {
    const { ds, queries } = fakeDataSource();
    const writer = new ActivationWriter(ds);
    let deep: unknown = [];
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const bad = writer.write(record('bad', { response: { statusCode: 0, result: deep } }));
    const good = writer.write(record('good'));
    await expect(bad).rejects.toBeInstanceOf(RecordRejectedError);
    await expect(bad).rejects.toThrow(/cannot be serialised as JSON/);
    await good;
    expect(queries).toHaveLength(1);
    expect(queries[0].params[0]).toBe('good'.padEnd(32, '0'));
  });

  it('retries a failed batch until it commits', async () => {
    let failures = 2;
    const { ds, queries } = fakeDataSource(() => {
      if (failures-- > 0) throw Object.assign(new Error('connection lost'), { code: '57P01' });
      return [];
    });
    await new ActivationWriter(ds).write(record('1'));
    expect(queries).toHaveLength(3);
  });

  it('isolates a record PostgreSQL refuses so the others are stored', async () => {
    const { ds } = fakeDataSource((_sql, params) => {
      if (params.includes('bad'.padEnd(32, '0'))) throw Object.assign(new Error('invalid input'), { code: '22P02' });
      return [];
    });
    const writer = new ActivationWriter(ds);
    const good = writer.write(record('good'));
    const bad = writer.write(record('bad'));
    await expect(good).resolves.toBeUndefined();
    await expect(bad).rejects.toBeInstanceOf(RecordRejectedError);
  });

  it('escapes NUL characters and lone surrogates that jsonb refuses, in values and keys', async () => {
    const { ds, queries } = fakeDataSource();
    await new ActivationWriter(ds).write(record('1', { logs: ['a\u0000b', 'c\ud800d'] }));
    expect(JSON.parse(queries[0].params[12] as string)).toEqual(['a\\u0000b', 'c\\ud800d']);
  });
});
