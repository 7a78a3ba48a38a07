import { FeedEgress } from '../egress/feed-egress';
import type { DatabaseIdentity, FeedConnector } from '../egress/feed-connector';
import type { FeedEgressOptions } from '../egress/feed-egress.options';

/** What a test's egress check allows and protects. */
export interface TestEgressOptions {
  /** `WISP_FEED_ALLOW`; default as `npm start`: public addresses and loopback. */
  allow?: string;
  /** Wisp's own database identity; default one no real database has. */
  ownDatabase?: DatabaseIdentity;
  databaseUrl?: string;
  amqpUrl?: string;
  /** Resolver and bounds instead of the defaults. */
  options?: Partial<FeedEgressOptions>;
}

/** A {@link FeedEgress} for tests that construct providers without Nest. */
export function testEgress(o: TestEgressOptions = {}): FeedEgress {
  const egress = new FeedEgress({
    feedAllow: o.allow ?? 'public,127.0.0.0/8,::1',
    databaseUrl: o.databaseUrl ?? 'postgres://postgres@127.0.0.1:5432/wisp',
    amqpUrl: o.amqpUrl ?? 'amqp://guest:guest@127.0.0.1:5672',
  }, o.options);
  egress.protectDatabase(o.ownDatabase ?? { systemIdentifier: 'none', database: 'none' });
  return egress;
}

/** A connector of namespace `it` with room for `maxConnections` open connections. */
export function testConnector(o: TestEgressOptions & { namespace?: string; maxConnections?: number } = {}): FeedConnector {
  return testEgress(o).connectorFor(o.namespace ?? 'it', o.maxConnections ?? 100);
}
