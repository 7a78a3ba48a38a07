import { FeedEgressError } from '../../egress/feed-connector';
import { FeedValidationError } from '../../feed-provider';
import { parsePostgresTarget } from './postgres-target';

describe('PostgreSQL feed URL', () => {
  it('keeps user, password, host, port, database and sslmode, decoded', () => {
    expect(parsePostgresTarget('postgres://app:p%40ss@db.example.com:6543/shop?sslmode=verify-full')).toEqual({
      host: 'db.example.com',
      port: 6543,
      user: 'app',
      password: 'p@ss',
      database: 'shop',
      ssl: { verify: true },
    });
    expect(parsePostgresTarget('postgresql://app@[::1]/shop')).toMatchObject({ host: '::1', port: 5432, ssl: false });
  });

  it.each(['sslcert', 'sslkey', 'sslrootcert', 'sslcrl', 'sslpassword', 'passfile', 'options', 'application_name', 'replication', 'service', 'target_session_attrs', 'hostaddr', 'client_encoding'])(
    'refuses the option %s by name',
    (option) => {
      expect(() => parsePostgresTarget(`postgres://app@db.example.com/shop?${option}=x`)).toThrow(`option "${option}"`);
    },
  );

  it.each([
    'postgres://app@db.example.com/shop?host=/var/run/postgresql',
    'postgres://app@%2Fvar%2Frun%2Fpostgresql/shop',
    'postgres://app@%2Ftmp:5432/shop',
    'postgres:///shop',
    'postgres://app@127.0.0.1/shop?host=%2Ftmp',
  ])('refuses the unix socket in %s', (url) => {
    expect(() => parsePostgresTarget(url)).toThrow(FeedEgressError);
    expect(() => parsePostgresTarget(url)).toThrow(/unix socket/);
  });

  it('refuses several hosts, a missing database, a missing user and unknown sslmodes', () => {
    expect(() => parsePostgresTarget('postgres://app@a,b/shop')).toThrow(/single host/);
    expect(() => parsePostgresTarget('postgres://app@db.example.com')).toThrow(/must name a database/);
    expect(() => parsePostgresTarget('postgres://db.example.com/shop')).toThrow(/must name a user/);
    expect(() => parsePostgresTarget('postgres://app@db.example.com/shop?sslmode=maybe')).toThrow(/unknown sslmode/);
  });

  it.each([
    ['postgres://app@%E0/shop', 'host'],
    ['postgres://%E0@db.example.com/shop', 'user'],
    ['postgres://app:%E0%A4@db.example.com/shop', 'password'],
    ['postgres://app@db.example.com/sh%zzop', 'database'],
  ])('refuses the malformed percent-encoding of %s as a validation error naming its %s', (url, part) => {
    expect(() => parsePostgresTarget(url)).toThrow(FeedValidationError);
    expect(() => parsePostgresTarget(url)).toThrow(`The parameter "connection" has a malformed percent-encoding in its ${part}.`);
  });
});
