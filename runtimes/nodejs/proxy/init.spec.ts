import { strToU8, zipSync } from 'fflate';
import { ProxyProcess, SENTINEL, stopAllProxies } from './proxy.harness';

function zipBase64(files: Record<string, string>): string {
  const entries = Object.fromEntries(Object.entries(files).map(([name, text]) => [name, strToU8(text)]));
  return Buffer.from(zipSync(entries)).toString('base64');
}

describe('nodejs proxy /init', () => {
  let proxy: ProxyProcess;

  beforeEach(async () => {
    proxy = await ProxyProcess.start();
  });

  afterEach(stopAllProxies);

  it('loads a top-level function main from plain source', async () => {
    const init = await proxy.init({ name: 'hello', main: 'main', code: 'function main(p) { return { hi: p.who }; }' });
    expect(init).toMatchObject({ status: 200, body: { OK: true } });
    expect((await proxy.run({ who: 'there' })).body).toEqual({ hi: 'there' });
  });

  it('defaults the entry name to main', async () => {
    expect((await proxy.init({ code: 'function main() { return { ok: 1 }; }' })).status).toBe(200);
    expect((await proxy.run({})).body).toEqual({ ok: 1 });
  });

  it('accepts exports.main', async () => {
    await proxy.init({ main: 'main', code: 'exports.main = (p) => ({ style: "exports", n: p.n });' });
    expect((await proxy.run({ n: 3 })).body).toEqual({ style: 'exports', n: 3 });
  });

  it('accepts module.exports as the function itself', async () => {
    await proxy.init({ main: 'main', code: 'module.exports = function () { return { style: "module" }; };' });
    expect((await proxy.run({})).body).toEqual({ style: 'module' });
  });

  it('uses a custom entry name, declared or exported', async () => {
    await proxy.init({ main: 'handler', code: 'const helper = () => 2;\nfunction handler() { return { v: helper() }; }' });
    expect((await proxy.run({})).body).toEqual({ v: 2 });

    const other = await ProxyProcess.start();
    await other.init({ main: 'go', code: 'module.exports = { go: () => ({ v: "exported" }) };' });
    expect((await other.run({})).body).toEqual({ v: 'exported' });
  });

  it('lets plain source require node built-ins', async () => {
    await proxy.init({ code: 'const os = require("os"); function main() { return { eol: os.EOL }; }' });
    expect((await proxy.run({})).body).toEqual({ eol: '\n' });
  });

  it('sets init env before the module body runs', async () => {
    const code = 'const seen = process.env.GREETING;\nfunction main() { return { seen, cfg: JSON.parse(process.env.CFG) }; }';
    await proxy.init({ code, env: { GREETING: 'hola', CFG: { a: 1 } } });
    expect((await proxy.run({})).body).toEqual({ seen: 'hola', cfg: { a: 1 } });
  });

  it('extracts a zip action and follows package.json main', async () => {
    const code = zipBase64({
      'package.json': JSON.stringify({ name: 'z', main: 'lib/entry.js' }),
      'lib/entry.js': 'const { twice } = require("./math");\nconst fs = require("fs");\nexports.main = (p) => ({ v: twice(p.n), data: fs.readFileSync("data.txt", "utf8") });',
      'lib/math.js': 'exports.twice = (n) => n * 2;',
      'data.txt': 'bundled',
    });
    expect((await proxy.init({ name: 'z', main: 'main', code, binary: true })).status).toBe(200);
    expect((await proxy.run({ n: 21 })).body).toEqual({ v: 42, data: 'bundled' });
  });

  it('extracts a zip action with only index.js and a custom entry name', async () => {
    const code = zipBase64({ 'index.js': 'module.exports.entry = () => ({ from: "index" });' });
    expect((await proxy.init({ main: 'entry', code, binary: true })).status).toBe(200);
    expect((await proxy.run({})).body).toEqual({ from: 'index' });
  });

  it('rejects a zip without package.json or index.js', async () => {
    const reply = await proxy.init({ code: zipBase64({ 'other.js': '' }), binary: true });
    expect(reply.status).toBe(502);
    expect(reply.body.error).toMatch(/^Initialization has failed due to: .*package\.json or index\.js/);
  });

  it('answers a second init with 403', async () => {
    await proxy.init({ code: 'function main() { return {}; }' });
    const again = await proxy.init({ code: 'function main() { return {}; }' });
    expect(again).toMatchObject({ status: 403, body: { error: 'Cannot initialize the action more than once.' } });
  });

  it('answers an init without code with 403', async () => {
    const reply = await proxy.init({ main: 'main' });
    expect(reply).toMatchObject({ status: 403, body: { error: 'Missing main/no code to execute.' } });
  });

  it('reports a syntax error as a failed initialization, with sentinels', async () => {
    const reply = await proxy.init({ code: 'function main( {' });
    expect(reply.status).toBe(502);
    expect(reply.body.error).toMatch(/^Initialization has failed due to: /);
    expect(reply.body.error).toContain('SyntaxError');
    await proxy.waitForSentinels(1);
    expect(proxy.stderr).toContain('SyntaxError');
    expect(proxy.stdout.trim()).toBe(SENTINEL);
  });

  it('reports a missing entry function as a failed initialization', async () => {
    const reply = await proxy.init({ main: 'nope', code: 'function main() {}' });
    expect(reply.status).toBe(502);
    expect(reply.body.error).toContain("Action entrypoint 'nope' is not a function.");
  });

  it('reports an exception thrown by the module body', async () => {
    const reply = await proxy.init({ code: 'throw new Error("boom at load");' });
    expect(reply.status).toBe(502);
    expect(reply.body.error).toMatch(/^Initialization has failed due to: Error: boom at load\n\s+at /);
    expect((await proxy.run({})).status).toBe(403);
  });
});
