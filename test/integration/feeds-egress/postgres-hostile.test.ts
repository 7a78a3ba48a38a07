import { randomUUID } from 'node:crypto';
import { FeedValidationError, PostgresFeedProvider, type FeedSubscription, type PostgresFeedConfig } from '@wisp/feeds';
import { testEgress } from '../../../libs/feeds/src/testing/test-egress';
import { fakePostgres, type FakePostgres } from './fake-postgres';

/** The controller's own settings a feed connection must never carry to a tenant's server. */
const CONTROLLER_ENV: Record<string, string> = {
  PGPASSWORD: 'controller-secret',
  PGOPTIONS: '-c search_path=controller',
  PGAPPNAME: 'controller-app',
  PGSSLMODE: 'require',
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
      expect(startup).toMatchObject({ user: 'tenant', database: 'tenantdb', application_name: 'wisp-feeds' });
      expect(JSON.stringify(startup)).not.toMatch(/controller/);
    }
  });
});
