import { FeedEgressError } from './feed-connector';
import { FeedEgress } from './feed-egress';

/** A resolver over a fixed table: no I/O. */
const table: Record<string, string[]> = {
  'mq.internal': ['127.0.0.7'],
  'mq-alias.example': ['127.0.0.7'],
  'db.internal': ['198.51.100.20'],
  'db-alias.example': ['198.51.100.20'],
};
const resolve = async (host: string) => {
  const found = table[host.toLowerCase().replace(/\.$/, '')];
  if (!found) throw new Error(`ENOTFOUND ${host}`);
  return found;
};
const egress = () =>
  new FeedEgress({ feedAllow: 'public,127.0.0.0/8', databaseUrl: 'postgres://postgres@db.internal:5432/wisp', amqpUrl: 'amqp://guest:guest@mq.internal:5672' }, { resolve });
const verdict = (e: FeedEgress, host: string, port: number) => e.vet(host, port).then(() => 'allowed', (err: Error) => (err instanceof FeedEgressError ? err.message : `other: ${err.message}`));

describe("Wisp's own endpoints, named by host", () => {
  it('are refused by address once resolved at boot, under any other name or spelling', async () => {
    const before = egress();
    expect(await verdict(before, 'mq.internal', 5672)).toMatch(/Wisp's own message broker/);
    // Matched by name only, the broker's address and another name for it slip through.
    expect(await verdict(before, '127.0.0.7', 5672)).toBe('allowed');

    const e = egress();
    await e.protectOwnHosts();
    for (const host of ['mq.internal', 'MQ.internal.', 'mq-alias.example', '127.0.0.7', '0x7f.0.0.7', '::ffff:127.0.0.7']) {
      expect({ host, verdict: await verdict(e, host, 5672) }).toEqual({ host, verdict: expect.stringMatching(/Wisp's own message broker/) });
    }
    for (const host of ['db.internal', 'db-alias.example', '198.51.100.20']) {
      expect({ host, verdict: await verdict(e, host, 5432) }).toEqual({ host, verdict: expect.stringMatching(/Wisp's own database server/) });
    }
    expect(await verdict(e, '127.0.0.7', 1883)).toBe('allowed');
    expect(await verdict(e, 'db-alias.example', 5433)).toBe('allowed');
  });

  it('keep matching by name when the name does not resolve at boot', async () => {
    const e = new FeedEgress({ feedAllow: 'public,127.0.0.0/8', databaseUrl: 'postgres://postgres@127.0.0.1/wisp', amqpUrl: 'amqp://gone.internal:5672' }, { resolve });
    await e.protectOwnHosts();
    expect(await verdict(e, '127.0.0.1', 5672)).toBe('allowed');
    expect(await verdict(e, '127.0.0.1', 5432)).toBe('allowed');
  });
});
