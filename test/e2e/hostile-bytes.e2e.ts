import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { putAction, waitForActivation } from '../support/actions';
import { E2E } from '../support/e2e-env';
import { expectError } from '../support/errors';
import { http } from '../support/http';
import { activationCount, sendRaw, settledActivationCount, type HostileRequest } from '../support/hostile-requests';
import { createTestNamespace, type TestNamespace } from '../support/namespaces';
import { queryOnce } from '../support/sql';

const JSON_CT = { 'content-type': 'application/json' };
const deep = (n: number) => `{"a":${'['.repeat(n)}${']'.repeat(n)}}`;

/** Issue 17 finding 4: every cause of the hostile-bytes fuzz's 500s, as a named regression. */
describe('hostile request bytes', () => {
  let t: TestNamespace;
  const actions = (name: string) => `/api/v1/namespaces/_/actions/${name}`;
  const fire = (body: Buffer | string, headers: Record<string, string> = JSON_CT): HostileRequest => ({ method: 'POST', path: '/api/v1/namespaces/_/triggers/tr', headers, body });
  const create = (name: string, body: Buffer | string, headers: Record<string, string> = JSON_CT): HostileRequest => ({ method: 'PUT', path: actions(name), headers, body });
  const invoke = (body: Buffer | string, headers: Record<string, string> = JSON_CT): HostileRequest => ({ method: 'POST', path: `${actions('echo')}?blocking=true`, headers, body });
  const validAction = JSON.stringify({ exec: { kind: 'nodejs:20', code: 'function main(p){ return p }' } });

  /** Sends each request, expects `status` with the `{error, code}` body, and checks nothing was created, run or queued. */
  async function refused(status: number, text: RegExp, requests: HostileRequest[]): Promise<void> {
    const before = await settledActivationCount(t.key);
    for (const r of requests) expectError(await sendRaw(r, t.key), status, text);
    for (const r of requests.filter((x) => x.method === 'PUT')) expect((await http('GET', r.path, { key: t.key })).status).toBe(404);
    // A fence: a good fire queued after the refused ones. Its action's record means earlier queued work would have run too.
    const fenced = await http('POST', '/api/v1/namespaces/_/triggers/tr', { key: t.key, body: { fence: true } });
    expect(fenced.status).toBe(202);
    const line = JSON.parse((await waitForActivation(t.key, fenced.body.activationId)).logs[0]);
    await waitForActivation(t.key, line.activationId);
    await new Promise((r) => setTimeout(r, 500));
    expect(await activationCount(t.key)).toBe(before + 2);
  }

  beforeAll(async () => {
    t = await createTestNamespace('hostile');
    await putAction(t.key, 'echo', 'function main(p){ return { seen: p } }');
    await t.ow.triggers.create({ name: 'tr' });
    await t.ow.rules.create({ name: 'tr-rule', trigger: 'tr', action: 'echo' });
  });

  it('answers 415 for an unsupported charset in Content-Type', async () => {
    const cts = ['application/json; charset=utf-99', 'application/json; charset="x-wisp-none"', 'application/json;charset=iso-2022-kr', 'application/json; charset='];
    await refused(415, /charset .* is not supported/, cts.flatMap((ct) => [create('cs', validAction, { 'content-type': ct }), fire('{"a":1}', { 'content-type': ct }), invoke('{}', { 'content-type': ct })]));
  });

  it('answers 415 for an unsupported Content-Encoding', async () => {
    const encodings = ['compress', 'x-gzip-ish', 'gzip, gzip', 'zip'];
    await refused(415, /content encoding .* is not supported/, encodings.flatMap((e) => [create('ce', validAction, { ...JSON_CT, 'content-encoding': e }), fire('{"a":1}', { ...JSON_CT, 'content-encoding': e })]));
  });

  it('answers 400 for a corrupt gzip or deflate body', async () => {
    const garbage = Buffer.from('this is not compressed at all');
    const gz = gzipSync('{"a":1}');
    const flipped = Buffer.from(gz);
    flipped[gz.length - 6] ^= 0xff; // a wrong CRC-32
    await refused(400, /could not be decoded/, [
      create('cg', garbage, { ...JSON_CT, 'content-encoding': 'gzip' }),
      fire(garbage, { ...JSON_CT, 'content-encoding': 'deflate' }),
      fire(flipped, { ...JSON_CT, 'content-encoding': 'gzip' }),
      invoke(garbage, { ...JSON_CT, 'content-encoding': 'br' }),
    ]);
  });

  it('answers 400 for a truncated compressed body', async () => {
    const gz = gzipSync(validAction);
    const df = deflateSync('{"a":1}');
    await refused(400, /could not be decoded/, [create('tg', gz.subarray(0, gz.length - 5), { ...JSON_CT, 'content-encoding': 'gzip' }), fire(df.subarray(0, 4), { ...JSON_CT, 'content-encoding': 'deflate' })]);
  });

  it('still accepts gzip, deflate and br bodies that are whole', async () => {
    for (const [encoding, body] of [['gzip', gzipSync(validAction)], ['deflate', deflateSync(validAction)], ['br', brotliCompressSync(validAction)]] as const) {
      const r = await sendRaw(create(`z-${encoding}`, body, { ...JSON_CT, 'content-encoding': encoding }), t.key);
      expect(r.status).toBe(200);
    }
    expect((await sendRaw({ method: 'PUT', path: actions('latin?overwrite=true'), headers: { 'content-type': 'application/json; charset=ISO-8859-1' }, body: Buffer.from(JSON.stringify({ exec: { kind: 'nodejs:20', code: '// café' } }), 'latin1') }, t.key)).status).toBe(200);
    expect((await http('GET', actions('latin'), { key: t.key })).body.exec.code).toBe('// café');
  });

  it('answers 400 for NUL in a path, a query or a JSON string, before PostgreSQL sees it', async () => {
    await refused(400, /NUL character or a lone UTF-16 surrogate/, [
      { method: 'GET', path: '/api/v1/namespaces/_/activations?name=a%00b' },
      { method: 'GET', path: '/api/v1/namespaces/_/actions?skip=0&x=%00' },
      { method: 'GET', path: '/api/v1/namespaces/_/actions/a%00b' },
      create('nul1', JSON.stringify({ exec: { kind: 'nodejs:20', code: 'x\u0000' } })),
      create('nul2', JSON.stringify({ exec: { kind: 'nodejs:20', code: 'x' }, parameters: [{ key: 'k\u0000', value: 1 }] })),
      fire(JSON.stringify({ v: 'a\u0000' })),
      invoke(JSON.stringify({ v: ['\u0000'] })),
    ]);
  });

  it('answers 400 for a lone surrogate in a JSON value or key, and a fire with one queues no rule action', async () => {
    await refused(400, /lone UTF-16 surrogate/, [
      fire('{"x":"\\ud800"}'),
      fire('{"\\udc00":1}'),
      fire('{"x":["ok","\\udbff"]}'),
      create('sur', '{"exec":{"kind":"nodejs:20","code":"x"},"annotations":[{"key":"k","value":"\\udfff\\ud800"}]}'),
      invoke('{"x":"\\ud83d"}'),
    ]);
    expect((await sendRaw(invoke('{"x":"\\ud83d\\ude00"}'), t.key)).body.response.result.seen.x).toBe('\ud83d\ude00');
  });

  it('answers 413 for JSON nested deeper than 100 levels, without overflowing the stack', async () => {
    await refused(413, /nested deeper than 100 levels/, [create('deep', deep(101)), fire(deep(100_000)), invoke(deep(5_000))]);
    // 100 levels are accepted, and echoing them inside `{seen}` (101 levels) is well within the result limit.
    const hundred = await sendRaw(invoke(deep(99)), t.key);
    expect(hundred.status).toBe(200);
    expect((hundred.body as any).response.result).toEqual({ seen: JSON.parse(deep(99)) });
  });

  it('answers 400 for numeric query values out of range', async () => {
    const lists = ['skip=99999999999999999999', 'limit=-1', 'limit=1e3', 'skip=9007199254740993', 'upto=NaN', 'since=1e308', 'since=99999999999999999999', 'upto=-1'];
    await refused(400, /not an integer|not in the range|not a valid value for epoch/, lists.map((q) => ({ method: 'GET', path: `/api/v1/namespaces/_/activations?${q}` })));
    expectError(await http('GET', '/api/v1/namespaces/_/triggers?skip=99999999999999999999', { key: t.key }), 400, /not an integer/);
    expectError(await http('GET', '/api/v1/namespaces/_/rules?limit=99999999999999999999', { key: t.key }), 400, /not an integer/);
  });

  it('stores an action result and logs holding NUL and lone surrogates, escaped, never losing the record', async () => {
    await putAction(t.key, 'emit', 'function main(){ console.log("nul \\u0000 here"); console.error("pair \\ud83d\\ude00"); console.log("lone \\ud800 here"); return { nul: "a\\u0000b", lone: "\\ud800", ["k\\udc00"]: 1 } }');
    const r = await http('POST', `${actions('emit')}?blocking=true`, { key: t.key, body: {} });
    expect(r.status).toBe(200);
    const id = r.body.activationId;
    let rows: { response: any; logs: string[] }[] = [];
    for (let i = 0; i < 100 && rows.length === 0; i++) {
      rows = await queryOnce(E2E.databaseUrl, 'SELECT response, logs FROM activations WHERE activation_id = $1', [id]);
      if (rows.length === 0) await new Promise((res) => setTimeout(res, 100));
    }
    expect(rows).toHaveLength(1);
    expect(rows[0].response.result).toEqual({ nul: 'a\\u0000b', lone: '\\ud800', ['k\\udc00']: 1 });
    expect(rows[0].logs.join('\n')).toContain('nul \\u0000 here');
    expect(rows[0].logs.join('\n')).toContain('pair \ud83d\ude00');
    // Node's stdout writes a lone surrogate as UTF-8's replacement character inside the container, before Wisp reads it.
    const lone = rows[0].logs.find((l) => l.includes('lone '));
    expect(lone).toMatch(/ stdout: lone \ufffd here$/);
  });
});
