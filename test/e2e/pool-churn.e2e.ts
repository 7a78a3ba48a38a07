import Docker from 'dockerode';
import { E2E } from '../support/e2e-env';
import { http } from '../support/http';
import { putAction } from '../support/actions';
import { createTestNamespace, uniqueName, type TestNamespace } from '../support/namespaces';

jest.setTimeout(180_000);

const docker = new Docker({ socketPath: '/var/run/docker.sock' });
/** Reads an init parameter from the environment `/init` set up; sleeps a little so bursts overlap. */
const CODE = (tag: string) => `async function main() { await new Promise((r) => setTimeout(r, 50)); return { tag: '${tag}', mode: process.env.MODE ?? null }; }`;
const SLEEPY = 'async function main() { await new Promise((r) => setTimeout(r, 1500)); return { ok: true }; }';
/** Not the stem cells' 256 MB, so these actions start cold in containers labelled with their path. */
const SMALL = { limits: { memory: 128 } };

/** Container ids of the e2e invoker carrying all `labels`. */
async function containers(...labels: string[]): Promise<string[]> {
  const list = await docker.listContainers({ all: true, filters: { label: [`wisp.invoker=${E2E.invokerId}`, ...labels] } });
  return list.map((c) => c.Id).sort();
}

const ofAction = (path: string) => containers(`wisp.action=${path}`);

/** Polls `check` until it holds or `ms` pass; returns whether it held (a behaviour bound, not a timing measurement). */
async function within(ms: number, check: () => Promise<boolean>): Promise<boolean> {
  const until = Date.now() + ms;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > until) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('warm containers follow entity changes made through the API, and stem cells come back', () => {
  let t: TestNamespace;
  const path = (name: string) => `/${t.namespace}/${name}`;

  async function invoke(name: string, params: Record<string, unknown> = {}): Promise<any> {
    const r = await http('POST', `/api/v1/namespaces/_/actions/${name}?blocking=true&result=true`, { key: t.key, body: params });
    expect(r.status).toBe(200);
    return r.body;
  }

  async function change(method: 'PUT' | 'DELETE', what: string, body?: unknown): Promise<void> {
    const r = await http(method, `/api/v1/namespaces/_/${what}${method === 'PUT' ? '?overwrite=true' : ''}`, { key: t.key, body });
    expect(r.status).toBe(200);
  }

  beforeAll(async () => {
    t = await createTestNamespace('pool');
  });

  it('an updated, then deleted action loses its idle container within 5 s each time; another action keeps its warm one', async () => {
    const [a, b] = [uniqueName('churned'), uniqueName('bystander')];
    await putAction(t.key, a, CODE('v1'), SMALL);
    await putAction(t.key, b, CODE('b'), SMALL);
    expect(await invoke(a)).toEqual({ tag: 'v1', mode: null });
    expect(await invoke(b)).toEqual({ tag: 'b', mode: null });
    const [first] = await ofAction(path(a));
    const bystander = await ofAction(path(b));
    expect(first).toBeDefined();
    expect(bystander).toHaveLength(1);

    await putAction(t.key, a, CODE('v2'), SMALL);
    expect(await within(5_000, async () => (await ofAction(path(a))).length === 0)).toBe(true);
    expect(await invoke(a)).toEqual({ tag: 'v2', mode: null });
    const second = await ofAction(path(a));
    expect(second).toHaveLength(1);
    expect(second[0]).not.toBe(first);

    await change('DELETE', `actions/${a}`);
    expect(await within(5_000, async () => (await ofAction(path(a))).length === 0)).toBe(true);
    expect(await ofAction(path(b))).toEqual(bystander);
    expect(await invoke(b)).toEqual({ tag: 'b', mode: null });
    expect(await ofAction(path(b))).toEqual(bystander);
  });

  it('a changed binding or package drops the containers whose /init parameters came from it', async () => {
    const [pkg, binding, action] = [uniqueName('pkg'), uniqueName('bound'), 'act'];
    await change('PUT', `packages/${pkg}`, { parameters: [{ key: 'MODE', value: 'package', init: true }] });
    await change('PUT', `packages/${binding}`, { binding: { namespace: t.namespace, name: pkg }, parameters: [{ key: 'MODE', value: 'binding', init: true }] });
    await putAction(t.key, `${pkg}/${action}`, CODE('p'), SMALL);
    const bystander = uniqueName('bystander');
    await putAction(t.key, bystander, CODE('b'), SMALL);
    expect(await invoke(bystander)).toEqual({ tag: 'b', mode: null });
    expect(await invoke(`${pkg}/${action}`)).toEqual({ tag: 'p', mode: 'package' });
    expect(await invoke(`${binding}/${action}`)).toEqual({ tag: 'p', mode: 'binding' });
    const both = await ofAction(path(`${pkg}/${action}`));
    expect(both).toHaveLength(2);
    const kept = await ofAction(path(bystander));

    await change('DELETE', `packages/${binding}`);
    expect(await within(5_000, async () => (await ofAction(path(`${pkg}/${action}`))).length === 1)).toBe(true);
    const direct = await ofAction(path(`${pkg}/${action}`));
    expect(both).toContain(direct[0]);

    await change('PUT', `packages/${pkg}`, { parameters: [{ key: 'MODE', value: 'package v2', init: true }] });
    expect(await within(5_000, async () => (await ofAction(path(`${pkg}/${action}`))).length === 0)).toBe(true);
    expect(await invoke(`${pkg}/${action}`)).toEqual({ tag: 'p', mode: 'package v2' });
    expect(await ofAction(path(bystander))).toEqual(kept);
  });

  it('after a burst that queued work the stem cell is back within 5 s, and a new action starts in it', async () => {
    const burst = uniqueName('burst');
    await putAction(t.key, burst, SLEEPY, { limits: { memory: 256 } });
    const stemsBefore = await containers('wisp.prewarm=true');
    // 12 × 256 MB on an invoker of 2048 MB: four wait for memory, which is when refilling used to stop for good.
    const results = await Promise.all(Array.from({ length: 12 }, () => invoke(burst)));
    expect(results).toEqual(Array.from({ length: 12 }, () => ({ ok: true })));
    const fresh = () => containers('wisp.prewarm=true').then((ids) => ids.filter((id) => !stemsBefore.includes(id)));
    expect(await within(5_000, async () => (await fresh()).length > 0)).toBe(true);

    const newcomer = uniqueName('newcomer');
    await putAction(t.key, newcomer, CODE('new'), { limits: { memory: 256 } });
    expect(await invoke(newcomer)).toEqual({ tag: 'new', mode: null });
    // A cold start would have created a container labelled with the newcomer's path; the stem cell carries none.
    expect(await ofAction(path(newcomer))).toEqual([]);
  });
});
