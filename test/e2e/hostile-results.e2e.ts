import { putAction, waitForActivation } from '../support/actions';
import { E2E } from '../support/e2e-env';
import { http } from '../support/http';
import { createTestNamespace, type TestNamespace } from '../support/namespaces';
import { queryOnce } from '../support/sql';

const TOO_DEEP = 'The action did not produce a valid JSON response: it is nested deeper than 1000 levels.';

/**
 * The proxy runs in the action's process, so the action can make it answer anything: here `JSON.stringify` is
 * replaced for one call, and the proxy sends a result nested `depth` levels, far past what the invoker's own
 * `JSON.stringify` (completion message, record) can write.
 */
const rewritesProxyAnswer = (depth: number) => `
function main() {
  const original = JSON.stringify;
  JSON.stringify = function (value, ...rest) {
    if (value && value.__deep) {
      JSON.stringify = original;
      return '{"deep":' + '['.repeat(${depth}) + ']'.repeat(${depth}) + '}';
    }
    return original.call(JSON, value, ...rest);
  };
  return { __deep: true };
}`;

/** A plain result nested `depth` levels: within what JSON.stringify can write, past what a request may carry. */
const nested = (depth: number, at: 'result' | 'error') => `
function main() {
  let v = 'bottom';
  for (let i = 1; i < ${depth}; i++) v = { v };
  return ${at === 'error' ? '{ error: v }' : '{ v }'};
}`;

/** Issue 17 finding 4: a result that breaks JSON.stringify or PostgreSQL still ends in a correct record. */
describe('hostile action results', () => {
  let t: TestNamespace;
  const invoke = (name: string) => http('POST', `/api/v1/namespaces/_/actions/${name}?blocking=true`, { key: t.key, body: {} });

  /** The stored row of `id`, read from PostgreSQL itself (not the API's recent-completions cache). */
  async function storedRow(id: string): Promise<{ status_code: number; response: any }> {
    for (let i = 0; i < 100; i++) {
      const rows = await queryOnce<{ status_code: number; response: any }>(E2E.databaseUrl, 'SELECT status_code, response FROM activations WHERE activation_id = $1', [id]);
      if (rows.length > 0) return rows[0];
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`activation ${id} was never stored`);
  }

  async function expectDeveloperError(r: Awaited<ReturnType<typeof invoke>>): Promise<void> {
    expect(r.status).toBe(502);
    expect(r.body.response).toMatchObject({ status: 'action developer error', success: false, result: { error: TOO_DEEP } });
    const row = await storedRow(r.body.activationId);
    expect(row.status_code).toBe(2);
    expect(row.response.result).toEqual({ error: TOO_DEEP });
  }

  beforeAll(async () => {
    t = await createTestNamespace('hostile-results');
    await putAction(t.key, 'noop', 'function main() { return { ok: true } }');
  });

  it('a proxy answer nested 200,000 levels deep is a developer error naming the limit, and the invoker keeps serving', async () => {
    await putAction(t.key, 'rewrites-proxy', rewritesProxyAnswer(200_000));
    await expectDeveloperError(await invoke('rewrites-proxy'));
    const after = await invoke('noop');
    expect(after.status).toBe(200);
    expect(after.body.response.result).toEqual({ ok: true });
  });

  it('a result or an error value nested past 1000 levels is a developer error, and 1000 levels still succeed', async () => {
    await putAction(t.key, 'deep-result', nested(1050, 'result'));
    await expectDeveloperError(await invoke('deep-result'));
    await putAction(t.key, 'deep-error', nested(1050, 'error'));
    await expectDeveloperError(await invoke('deep-error'));
    await putAction(t.key, 'hundred', nested(999, 'result'));
    const ok = await invoke('hundred');
    expect(ok.status).toBe(200);
    expect((await storedRow(ok.body.activationId)).status_code).toBe(0);
  });

  it('a sequence stops at a component whose result is too deep, with that developer error, and passes nothing on', async () => {
    await putAction(t.key, 'proxy-then', rewritesProxyAnswer(50_000));
    await putAction(t.key, 'never', 'function main() { return { ran: true } }');
    const seq = await http('PUT', '/api/v1/namespaces/_/actions/deep-seq?overwrite=true', {
      key: t.key,
      body: { exec: { kind: 'sequence', components: [`/${t.namespace}/proxy-then`, `/${t.namespace}/never`] } },
    });
    expect(seq.status).toBe(200);
    const r = await invoke('deep-seq');
    expect(r.status).toBe(502);
    const record = await waitForActivation(t.key, r.body.activationId);
    expect(record.response).toMatchObject({ status: 'action developer error', result: { error: TOO_DEEP } });
    expect(record.logs).toHaveLength(1);
    const list = await http('GET', '/api/v1/namespaces/_/activations?name=never', { key: t.key });
    expect(list.body).toEqual([]);
  });
});
