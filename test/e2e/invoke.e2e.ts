import { zipSync, strToU8 } from 'fflate';
import { annotation, putAction, waitForActivation } from '../support/actions';
import { http } from '../support/http';
import { RUNTIME_IMAGE } from '../support/runtime-image';
import { createTestNamespace, type TestNamespace } from '../support/namespaces';

describe('invoking actions through the whole stack', () => {
  let t: TestNamespace;
  beforeAll(async () => {
    t = await createTestNamespace('inv');
  });

  it('runs a blocking invoke with default and request parameters', async () => {
    await t.ow.actions.create({ name: 'greet', action: 'function main(p){ return { msg: p.greeting + " " + p.name, ns: process.env.__OW_NAMESPACE, act: process.env.__OW_ACTION_NAME } }', params: { greeting: 'Hello', name: 'nobody' } });
    const activation = await t.ow.actions.invoke({ name: 'greet', params: { name: 'Ada' }, blocking: true });
    expect(activation.response).toMatchObject({ status: 'success', success: true, result: { msg: 'Hello Ada', ns: t.namespace, act: `/${t.namespace}/greet` } });
    expect(activation.namespace).toBe(t.namespace);
    expect(activation.activationId).toMatch(/^[0-9a-f]{32}$/);
    expect(activation.end).toBeGreaterThanOrEqual(activation.start);
    expect(annotation(activation, 'path')).toBe(`${t.namespace}/greet`);
    expect(annotation(activation, 'kind')).toBe('nodejs:20');
    expect(annotation(activation, 'limits')).toEqual({ timeout: 60000, memory: 256, logs: 10, concurrency: 1 });
    const result = await t.ow.actions.invoke({ name: 'greet', params: { name: 'Bob' }, blocking: true, result: true });
    expect(result).toEqual({ msg: 'Hello Bob', ns: t.namespace, act: `/${t.namespace}/greet` });
  });

  it('answers result=true over plain HTTP with the result only and the activation id header', async () => {
    await putAction(t.key, 'echo', 'function main(p){ return p }');
    const r = await http('POST', '/api/v1/namespaces/_/actions/echo?blocking=true&result=true', { key: t.key, body: { x: [1, 2] } });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ x: [1, 2] });
    expect(r.headers.get('x-openwhisk-activation-id')).toMatch(/^[0-9a-f]{32}$/);
  });

  it('accepts a non-blocking invoke with 202 and stores the activation', async () => {
    const r = await http('POST', '/api/v1/namespaces/_/actions/echo', { key: t.key, body: { n: 42 } });
    expect(r.status).toBe(202);
    expect(Object.keys(r.body)).toEqual(['activationId']);
    const stored = await waitForActivation(t.key, r.body.activationId);
    expect(stored.response.result).toEqual({ n: 42 });
  });

  it('runs promise-returning and async actions', async () => {
    await putAction(t.key, 'later', 'async function main(p){ await new Promise(r => setTimeout(r, 50)); return { later: true } }');
    expect(await t.ow.actions.invoke({ name: 'later', blocking: true, result: true })).toEqual({ later: true });
  });

  it('runs a zipped action', async () => {
    const zip = zipSync({ 'package.json': strToU8(JSON.stringify({ main: 'lib/entry.js' })), 'lib/entry.js': strToU8('exports.main = p => ({ zipped: true, helper: require("./helper").value })'), 'lib/helper.js': strToU8('exports.value = 7') });
    await t.ow.actions.create({ name: 'zipped', action: Buffer.from(zip), kind: 'nodejs:20' });
    expect(await t.ow.actions.invoke({ name: 'zipped', blocking: true, result: true })).toEqual({ zipped: true, helper: 7 });
  });

  it('maps an application error to 502 with the activation', async () => {
    await putAction(t.key, 'apperr', 'function main(){ return { error: "boom" } }');
    const r = await http('POST', '/api/v1/namespaces/_/actions/apperr?blocking=true', { key: t.key });
    expect(r.status).toBe(502);
    expect(r.body.response).toMatchObject({ status: 'application error', success: false, result: { error: 'boom' } });
    await expect(t.ow.actions.invoke({ name: 'apperr', blocking: true })).rejects.toMatchObject({ statusCode: 502 });
  });

  it('turns a thrown exception and process.exit into developer errors and keeps serving', async () => {
    await putAction(t.key, 'thrower', 'function main(){ throw new Error("kaput") }');
    const thrown = await http('POST', '/api/v1/namespaces/_/actions/thrower?blocking=true', { key: t.key });
    expect(thrown.status).toBe(502);
    expect(thrown.body.response.status).toBe('action developer error');
    expect(JSON.stringify(thrown.body.response.result)).toContain('kaput');
    await putAction(t.key, 'exiter', 'function main(){ process.exit(1) }');
    const exited = await http('POST', '/api/v1/namespaces/_/actions/exiter?blocking=true', { key: t.key });
    expect(exited.status).toBe(502);
    expect(exited.body.response).toMatchObject({ status: 'action developer error', result: { error: 'The action did not produce a valid response and exited unexpectedly.' } });
    expect(await t.ow.actions.invoke({ name: 'echo', params: { still: 'ok' }, blocking: true, result: true })).toEqual({ still: 'ok' });
  });

  it('kills an action past its timeout with a developer error', async () => {
    await putAction(t.key, 'spin', 'function main(){ for(;;){} }', { limits: { timeout: 1000 } });
    const r = await http('POST', '/api/v1/namespaces/_/actions/spin?blocking=true', { key: t.key });
    expect(r.status).toBe(502);
    expect(r.body.response).toMatchObject({ status: 'action developer error', result: { error: 'The action exceeded its time limits of 1000 milliseconds.' } });
    expect(annotation(r.body, 'timeout')).toBe(true);
    expect(await t.ow.actions.invoke({ name: 'echo', params: { after: 'spin' }, blocking: true, result: true })).toEqual({ after: 'spin' });
  });

  it('aborts an action that exhausts its memory', async () => {
    await putAction(t.key, 'hog', 'function main(){ const a = []; for(;;){ a.push(Buffer.alloc(16 * 1024 * 1024, 1)) } }', { limits: { memory: 128, timeout: 20000 } });
    const r = await http('POST', '/api/v1/namespaces/_/actions/hog?blocking=true', { key: t.key });
    expect(r.status).toBe(502);
    expect(r.body.response).toMatchObject({ status: 'action developer error', result: { error: 'The action exhausted its memory and was aborted.' } });
    expect(await t.ow.actions.invoke({ name: 'echo', params: { after: 'hog' }, blocking: true, result: true })).toEqual({ after: 'hog' });
  });

  it('reports initTime only when the container was initialised', async () => {
    await putAction(t.key, 'coldwarm', 'function main(){ return {} }');
    const first = await t.ow.actions.invoke({ name: 'coldwarm', blocking: true });
    const second = await t.ow.actions.invoke({ name: 'coldwarm', blocking: true });
    expect(annotation(first, 'initTime')).toEqual(expect.any(Number));
    expect(annotation(second, 'initTime')).toBeUndefined();
    expect(annotation(second, 'waitTime')).toEqual(expect.any(Number));
  });

  it('captures logs and truncates them at the limit', async () => {
    await putAction(t.key, 'logger', 'function main(){ console.log("to stdout"); console.error("to stderr"); return {} }');
    const a = await t.ow.actions.invoke({ name: 'logger', blocking: true });
    // Docker stamps each pipe as its own reader sees it, so lines of different streams microseconds apart may swap
    expect(a.logs).toHaveLength(2);
    expect(a.logs).toEqual(expect.arrayContaining([expect.stringMatching(/^\d{4}-\d\d-\d\dT[\d:.]+Z\s+stdout: to stdout$/), expect.stringMatching(/^\d{4}-\d\d-\d\dT[\d:.]+Z\s+stderr: to stderr$/)]));
    await putAction(t.key, 'quiet', 'function main(){ console.log("x".repeat(100)); return {} }', { limits: { logs: 0 } });
    const q = await t.ow.actions.invoke({ name: 'quiet', blocking: true });
    expect(q.logs).toHaveLength(1);
    expect(q.logs[0]).toMatch(/stderr: Logs were truncated because the total bytes size exceeds the limit of 0 bytes\.$/);
  });

  it('answers 202 when a blocking invoke outlives its wait', async () => {
    await putAction(t.key, 'slow', 'function main(){ return new Promise(r => setTimeout(() => r({ done: true }), 2500)) }');
    const r = await http('POST', '/api/v1/namespaces/_/actions/slow?blocking=true&timeout=500', { key: t.key });
    expect(r.status).toBe(202);
    const stored = await waitForActivation(t.key, r.body.activationId);
    expect(stored.response.result).toEqual({ done: true });
  });

  it('validates invoke input: timeout, payload size, body shape, missing action', async () => {
    const bad = await http('POST', '/api/v1/namespaces/_/actions/echo?blocking=true&timeout=60001', { key: t.key });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBe('Timeout must be number of milliseconds up to 60000.');
    const big = await http('POST', '/api/v1/namespaces/_/actions/echo', { key: t.key, body: { blob: 'x'.repeat(1_100_000) } });
    expect(big.status).toBe(413);
    expect(big.body.error).toMatch(/^Request larger than allowed: \d+ > 1048576 bytes\.$/);
    const arr = await http('POST', '/api/v1/namespaces/_/actions/echo', { key: t.key, body: [1] });
    expect(arr.status).toBe(400);
    const missing = await http('POST', '/api/v1/namespaces/_/actions/nope?blocking=true', { key: t.key });
    expect(missing.status).toBe(404);
  });

  it('runs blackbox actions from a local image and rejects a missing one clearly', async () => {
    await putAction(t.key, 'bb', 'function main(p){ return { box: "black", p } }', { exec: { kind: 'blackbox', image: RUNTIME_IMAGE } });
    expect(await t.ow.actions.invoke({ name: 'bb', params: { a: 1 }, blocking: true, result: true })).toEqual({ box: 'black', p: { a: 1 } });
    await putAction(t.key, 'bbmissing', 'function main(){ return {} }', { exec: { kind: 'blackbox', image: 'nobody/nothing:1' } });
    const r = await http('POST', '/api/v1/namespaces/_/actions/bbmissing?blocking=true', { key: t.key });
    expect(r.status).toBe(502);
    expect(r.body.response.result.error).toContain('nobody/nothing:1');
  });
});
