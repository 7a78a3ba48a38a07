import { parsePostgresFeedConfig, postgresObjectNames, redactedConnection } from './postgres-feed-config';
import { compareLsn, jsonRow, lsnMinusOne } from './postgres-row';

describe('LSN arithmetic', () => {
  it('subtracts one across the 32-bit boundary', () => {
    expect(lsnMinusOne('0/16B3748')).toBe('0/16B3747');
    expect(lsnMinusOne('1/0')).toBe('0/FFFFFFFF');
    expect(lsnMinusOne('0/0')).toBe('0/0');
  });

  it('compares', () => {
    expect(compareLsn('1/0', '0/FFFFFFFF')).toBe(1);
    expect(compareLsn('0/10', '0/10')).toBe(0);
    expect(compareLsn('0/F', '0/10')).toBe(-1);
  });
});

describe('postgres feed config', () => {
  it('normalises tables, operations and mode', () => {
    expect(parsePostgresFeedConfig({ connection: 'postgres://u@h/db', tables: 'orders, shop.items', operations: 'DELETE,insert' })).toEqual({
      connection: 'postgres://u@h/db',
      tables: ['public.orders', 'shop.items'],
      operations: ['insert', 'delete'],
      mode: 'logical',
    });
  });

  it('names objects from the subscription id and hides passwords', () => {
    expect(postgresObjectNames('0f8fad5b-d9cb-469f-a165-70867728950e').slot).toBe('wisp_0f8fad5bd9cb469fa16570867728950e');
    expect(redactedConnection('postgres://app:pw@db:5432/shop?sslmode=require')).toBe('postgres://app:***@db:5432/shop');
  });

  it('makes rows JSON: dates as ISO, bytea as hex', () => {
    expect(jsonRow({ at: new Date(0), b: Buffer.from([0xab]), n: null })).toEqual({ at: '1970-01-01T00:00:00.000Z', b: '\\xab', n: null });
  });
});

describe('row values', () => {
  it('converts dates, bytea and bigints, and leaves a json column nested 200,000 levels as it is instead of recursing', () => {
    let deep: unknown = [];
    for (let i = 0; i < 200_000; i++) deep = [deep];
    const at = new Date('2026-01-02T03:04:05Z');
    const row = jsonRow({ at, raw: Buffer.from([1, 255]), big: 2n ** 70n, doc: deep, nul: 'a\u0000' });
    const { doc, ...rest } = row!;
    expect(rest).toEqual({ at: '2026-01-02T03:04:05.000Z', raw: '\\x01ff', big: '1180591620717411303424', nul: 'a\u0000' });
    let copied = doc as unknown[];
    let original = deep as unknown[];
    for (let i = 0; i < 102; i++) [copied, original] = [copied[0] as unknown[], original[0] as unknown[]];
    expect(copied).toBe(original);
  });
});
