import { StoreUnavailableError } from '@wisp/core';
import { isPostgresOutage, storeOutageMapping } from './store-outage.mapping';

const sysError = (code: string, port?: number) => Object.assign(new Error(`connect ${code}`), { code, port });

describe('storeOutageMapping', () => {
  const map = storeOutageMapping({ databaseUrl: 'postgres://postgres@127.0.0.1:6543/wisp', outage: { retryAfterS: 7 } as never });

  it('answers 503 naming PostgreSQL with Retry-After for a refused connection to the database', () => {
    const mapped = map(sysError('ECONNREFUSED', 6543));
    expect(mapped).toBeInstanceOf(StoreUnavailableError);
    expect(mapped!.httpStatus).toBe(503);
    expect(mapped!.headers['Retry-After']).toBe('7');
    expect(mapped!.message).toMatch(/PostgreSQL/);
  });

  it('leaves other errors alone (they stay 500s: bugs)', () => {
    expect(map(new TypeError('x is undefined'))).toBeUndefined();
    expect(map(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBeUndefined();
    expect(map(undefined)).toBeUndefined();
  });
});

describe('isPostgresOutage', () => {
  it.each([
    ['a refused connection to the database port', sysError('ECONNREFUSED', 5432)],
    ['a reset connection (pg gives no port)', sysError('ECONNRESET')],
    ['both addresses of localhost refused', Object.assign(new AggregateError([sysError('ECONNREFUSED', 5432)]), { code: 'ECONNREFUSED' })],
    ['pg-pool waiting for a connection too long', new Error('timeout exceeded when trying to connect')],
    ['a connection ended under a query', new Error('Connection terminated unexpectedly')],
    ['an answer that never came', new Error('Query read timeout')],
    ['a statement timeout', Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' })],
    ['a server shutting down', Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })],
    ['too many connections', Object.assign(new Error('sorry, too many clients already'), { code: '53300' })],
    ['a TypeORM QueryFailedError around a lost connection', Object.assign(new Error('query failed'), { driverError: new Error('Connection terminated') })],
  ])('%s', (_name, e) => expect(isPostgresOutage(e, 5432)).toBe(true));

  it.each([
    ['a refused connection to another port (not the database)', sysError('ECONNREFUSED', 1883)],
    ['a unique violation', Object.assign(new Error('duplicate key'), { code: '23505' })],
    ['a syntax error', Object.assign(new Error('syntax error'), { code: '42601' })],
    ['a TypeORM QueryFailedError around bad data', Object.assign(new Error('query failed'), { driverError: Object.assign(new Error('invalid input'), { code: '22P02' }) })],
    ['a plain bug', new TypeError('cannot read properties of undefined')],
  ])('not %s', (_name, e) => expect(isPostgresOutage(e, 5432)).toBe(false));
});
