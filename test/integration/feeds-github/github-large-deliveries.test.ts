import { createHmac, randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { githubExample } from '../../support/fake-github';
import { GithubReceiverHarness, insertSubscription } from './github-receiver.harness';

const SECRET = 'it-large-secret-0123456789';
const MB = 1_048_576;

/** A push payload of about `bytes` (a padding field). */
function pushOf(bytes: number): string {
  return JSON.stringify({ ...githubExample('push'), padding: 'x'.repeat(bytes) });
}

async function deliver(url: string, body: string) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-github-event': 'push', 'x-github-delivery': randomUUID(), 'x-hub-signature-256': `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}` },
    body,
  });
  return { status: res.status, body: (await res.json().catch(() => undefined)) as Record<string, unknown> | undefined };
}

/**
 * Sends only the headers of a POST announcing `length` body bytes and never the body: the answer can only come if
 * the server decided without reading the body. Resolves with the status line.
 */
function headersOnly(port: number, path: string, length: number, extra = ''): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(`POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nX-GitHub-Event: push\r\n${extra}Content-Length: ${length}\r\n\r\n`);
    });
    let got = '';
    socket.on('data', (d) => {
      got += d.toString('latin1');
      if (got.includes('\r\n')) {
        socket.destroy();
        resolve(got.slice(0, got.indexOf('\r\n')));
      }
    });
    socket.on('error', reject);
  });
}

/** Issue 14 §4: deliveries up to GitHub's 25 MB, and nothing of an unauthenticated body read before the route's checks. */
describe('GitHub receiver: large deliveries (real PostgreSQL)', () => {
  let harness: GithubReceiverHarness;
  let subId: string;

  beforeAll(async () => {
    await GithubReceiverHarness.prepareDatabase();
    harness = await new GithubReceiverHarness().start();
    subId = await insertSubscription({ repository: 'Codertocat/Hello-World', events: ['push'], secret: SECRET });
  });

  afterAll(async () => {
    await harness.stop();
  });

  it('fires a signed 5 MB delivery, and refuses one past 25 MB with 413', async () => {
    const ok = await deliver(harness.hookUrl(subId), pushOf(5 * MB));
    expect(ok.status).toBe(202);
    expect(harness.sink.fired.at(-1)!.event.padding).toHaveLength(5 * MB);
    const big = await deliver(harness.hookUrl(subId), pushOf(25 * MB + 1));
    expect(big.status).toBe(413);
    expect(harness.sink.fired).toHaveLength(1);
  });

  it('answers an unknown subscription (404) or an unsigned delivery (401) from the headers alone, never reading the announced 20 MB', async () => {
    const port = Number(new URL(harness.url).port);
    expect(await headersOnly(port, `/api/v1/feeds/github/${randomUUID()}`, 20 * MB)).toMatch(/^HTTP\/1\.1 404 /);
    expect(await headersOnly(port, '/api/v1/feeds/github/not-a-uuid', 20 * MB)).toMatch(/^HTTP\/1\.1 404 /);
    expect(await headersOnly(port, `/api/v1/feeds/github/${subId}`, 20 * MB)).toMatch(/^HTTP\/1\.1 401 /);
    // The refused connections left the route serving signed deliveries.
    expect((await deliver(harness.hookUrl(subId), pushOf(10))).status).toBe(202);
  });
});
