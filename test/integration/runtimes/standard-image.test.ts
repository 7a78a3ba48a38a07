import Docker from 'dockerode';
import { buildOpenWhiskHttpImage, OPENWHISK_HTTP_IMAGE } from '../../support/openwhisk-http-image';
import { RuntimeHarness } from './runtime-container.harness';

jest.setTimeout(120_000);

const docker = new Docker({ socketPath: '/var/run/docker.sock' });
const SPEC = { image: OPENWHISK_HTTP_IMAGE, protocol: 'detect' as const };

/** An OpenWhisk action image serving HTTP on :8080, reached under --network none through the relay. */
describe('standard OpenWhisk action images on :8080 (real containers)', () => {
  const h = new RuntimeHarness();
  beforeAll(() => {
    buildOpenWhiskHttpImage();
    h.prestart(SPEC, 3, 3);
  });
  afterAll(() => h.stop());

  it('initialises and runs through the relay, with the image own log sentinels splitting the logs', async () => {
    const c = await h.start(SPEC);
    const code = 'import os\ndef main(args):\n    print("hello from 8080", args.get("n"))\n    return {"args": args, "id": os.environ.get("__OW_ACTIVATION_ID")}\n';
    expect(await c.init({ code })).toEqual({ status: 200, body: { ok: true } });
    expect(await c.run({ n: 1 })).toEqual({ status: 200, body: { args: { n: 1 }, id: 'a1b2c3d4' } });
    expect(await c.logs()).toEqual(['stdout: hello from 8080 1']);
    expect(await c.run({ n: 2 })).toMatchObject({ status: 200, body: { args: { n: 2 } } });
    expect(await c.logs()).toEqual(['stdout: hello from 8080 2']);
    expect(await c.init({ code })).toEqual({ status: 403, body: { error: 'Cannot initialize the action more than once.' } });
  });

  it('isolation: the image runs unprivileged, read-only, with loopback only; the relay shares its namespace and nothing else', async () => {
    const c = await h.start(SPEC);
    const probe = 'import os, socket\ndef main(args):\n    try:\n        open("/usr/probe", "w")\n        root = "writable"\n    except OSError as e:\n        root = e.strerror\n    return {"uid": os.getuid(), "interfaces": [n for _, n in socket.if_nameindex()], "root": root}\n';
    expect(await c.init({ code: probe })).toEqual({ status: 200, body: { ok: true } });
    expect((await c.run({})).body).toEqual({ uid: 1000, interfaces: ['lo'], root: 'Read-only file system' });
    const action = await docker.getContainer(c.container.id).inspect();
    const relay = await docker.getContainer(`${c.container.name}-relay`).inspect();
    expect(action.HostConfig.NetworkMode).toBe('none');
    expect(action.HostConfig.Binds ?? []).toEqual([]);
    expect(action.Config.Env!.some((e) => e.startsWith('WISP_PROXY_TOKEN='))).toBe(false);
    expect(relay.HostConfig.NetworkMode).toBe(`container:${c.container.id}`);
    for (const info of [action, relay]) {
      expect(info.Config.User).toBe('1000:1000');
      expect(info.HostConfig).toMatchObject({ ReadonlyRootfs: true, CapDrop: ['ALL'], SecurityOpt: ['no-new-privileges'] });
    }
    // Destroying the container removes its relay too.
    await h.factory.destroy(c.container);
    await expect(docker.getContainer(`${c.container.name}-relay`).inspect()).rejects.toMatchObject({ statusCode: 404 });
  });

  it('a hostile image flooding its reply is cut at the relay, which keeps serving', async () => {
    const c = await h.start(SPEC);
    expect(await c.init({ code: 'def main(args):\n    return {"blob": "x" * args["n"]}\n' })).toEqual({ status: 200, body: { ok: true } });
    const flooded = await c.run({ n: 12 * 1024 * 1024 });
    expect(flooded.status).toBe('truncated');
    expect(flooded.body).toBeLessThanOrEqual(8 * 1024 * 1024);
    expect(await c.run({ n: 3 })).toEqual({ status: 200, body: { blob: 'xxx' } });
  });

  it('an image that dies takes its relay down: the run is a crash, not a hang', async () => {
    const c = await h.start(SPEC);
    expect(await c.init({ code: 'import os\ndef main(args):\n    os._exit(3)\n' })).toEqual({ status: 200, body: { ok: true } });
    expect((await c.run({})).status).toBe('crashed');
  });
});
