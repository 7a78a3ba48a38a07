import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FeedValidationError, PostgresFeedProvider, type FeedSubscription, type PostgresFeedConfig } from '@wisp/feeds';
import { testEgress } from '../../../libs/feeds/src/testing/test-egress';
import { fakePostgres, type FakePostgres, type FakeTls } from './fake-postgres';

/** A throwaway self-signed key and certificate (the feed URLs below use sslmode=require, which does not verify). */
function selfSigned(): FakeTls {
  const dir = mkdtempSync(join(tmpdir(), 'wisp-fake-pg-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=fake-pg'], { stdio: 'ignore' });
    return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The controller's own settings a feed connection must never carry to a tenant's server. */
const CONTROLLER_ENV: Record<string, string> = {
  PGPASSWORD: 'controller-secret',
  PGOPTIONS: '-c search_path=controller',
  PGAPPNAME: 'controller-app',
  PGSSLMODE: 'require',
  PGREPLICATION: 'database',
  PGCLIENT_ENCODING: 'LATIN1',
};

describe('PostgreSQL feeds against a hostile tenant server', () => {
  const provider = new PostgresFeedProvider();
  const servers: FakePostgres[] = [];
  const saved: Record<string, string | undefined> = {};

  const subOf = (connection: string, mode: 'logical' | 'notify' = 'notify'): FeedSubscription<PostgresFeedConfig> => ({
    id: randomUUID(),
    target: { namespace: 'it', name: 't', ownerUuid: randomUUID() },
    config: provider.validate({ connection, tables: ['items'], mode }),
    egress: testEgress({ allow: '127.0.0.2' }).connectorFor('it', 100),
  });

  beforeAll(() => {
    for (const [k, v] of Object.entries(CONTROLLER_ENV)) {
      saved[k] = process.env[k];
      process.env[k] = v;
    }
  });

  afterAll(() => {
    for (const k of Object.keys(CONTROLLER_ENV)) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  });

  afterEach(async () => {
    for (const s of servers.splice(0)) await s.close();
  });

  it("sends a URL without a password none of the controller's (PGPASSWORD, pgpass), nor its PG* settings", async () => {
    const server = await fakePostgres('127.0.0.2', 'ask-password');
    servers.push(server);
    for (const connection of [`postgres://tenant@127.0.0.2:${server.port}/tenantdb`, `postgres://tenant:own-secret@127.0.0.2:${server.port}/tenantdb`]) {
      await expect(provider.create(subOf(connection))).rejects.toThrow(FeedValidationError);
    }
    expect(server.sessions.map((s) => s.password)).toEqual(['', 'own-secret']);
    for (const { startup } of server.sessions) {
      expect(startup).toMatchObject({ user: 'tenant', database: 'tenantdb', application_name: 'wisp-feeds', replication: 'false' });
      expect(JSON.stringify(startup)).not.toMatch(/controller|LATIN1/);
    }
  });

  it.each([
    ['plain', ''],
    ['TLS', '?sslmode=require'],
  ])('cuts a server that answers the identity query with a 1 GB row once it sent more than the unverified cap (%s)', async (_, query) => {
    const server = await fakePostgres('127.0.0.2', 'flood-first-query', query ? selfSigned() : undefined);
    servers.push(server);
    const connection = `postgres://tenant:pw@127.0.0.2:${server.port}/tenantdb${query}`;
    await expect(provider.create(subOf(connection))).rejects.toThrow(/sent more than 65536 bytes before it was verified/);

    // The long-running side is capped the same way: start reports the refusal and retries, it never buffers the row.
    const sub = subOf(connection);
    const reports: string[] = [];
    await provider.start(sub, async () => undefined, (reason) => void reports.push(reason));
    for (let i = 0; i < 200 && reports.length === 0; i++) await new Promise((r) => setTimeout(r, 25));
    await provider.stop(sub);
    expect(reports[0]).toMatch(/sent more than 65536 bytes before it was verified/);
    // Each flood ended long before its 1 GB: what the server got written is what loopback buffers hold.
    expect(server.sessions.length).toBe(2);
    for (const s of server.sessions) expect(s.sent).toBeLessThan(64 * 1024 * 1024);
  });
});
