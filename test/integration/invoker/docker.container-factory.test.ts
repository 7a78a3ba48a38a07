import { loadConfig } from '@wisp/core';
import Docker from 'dockerode';
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DockerContainerFactory } from '../../../apps/invoker/src/containers/docker.container-factory';
import { describeContainerFactoryContract } from './container-factory.contract';

jest.setTimeout(60_000);

const invokerId = `it-factory-${randomUUID().slice(0, 8)}`;
const config = loadConfig({ ...process.env, WISP_INVOKER_ID: invokerId, WISP_CONTAINER_DIR: `/tmp/wisp-it-invoker/${invokerId}` });
const docker = new Docker({ socketPath: config.dockerSocket });
const labelled = async () => (await docker.listContainers({ all: true, filters: { label: [`wisp.invoker=${invokerId}`] } })).length;

describeContainerFactoryContract('DockerContainerFactory', async () => ({
  factory: new DockerContainerFactory(config),
  restarted: () => new DockerContainerFactory(config),
  image: config.runtimeImage,
  countLabelled: labelled,
}));

describe('DockerContainerFactory specifics', () => {
  const factory = new DockerContainerFactory(config);

  afterAll(async () => {
    await factory.cleanup();
    rmSync(config.containerDir, { recursive: true, force: true });
  });

  it('starts containers hardened as DESIGN.md promises, with a private socket directory', async () => {
    const c = await factory.create({ image: config.runtimeImage, memoryMb: 128, labels: { 'wisp.action': '/guest/x' } });
    const dir = join(config.containerDir, c.name);
    // The invoker owns the directory and the action user cannot write it; the listener is gone once the proxy connected.
    expect(statSync(dir).uid).toBe(process.getuid!());
    expect(statSync(dir).mode & 0o7777).toBe(0o755);
    expect(readdirSync(dir)).toEqual([]);
    const info = await docker.getContainer(c.id).inspect();
    expect(info.Config.User).toBe('1000:1000');
    expect(info.Config.Labels).toMatchObject({ 'wisp.invoker': invokerId, 'wisp.action': '/guest/x' });
    expect(info.Config.Env).toContain(`__OW_API_HOST=${config.publicUrl}`);
    expect(info.Config.Env!.find((e) => e.startsWith('WISP_PROXY_TOKEN='))).toMatch(/^WISP_PROXY_TOKEN=[0-9a-f]{64}$/);
    const h = info.HostConfig;
    expect(h.NetworkMode).toBe(config.actionNetwork);
    expect(h.CapDrop).toEqual(['ALL']);
    expect(h.SecurityOpt).toEqual(['no-new-privileges']);
    expect(h.Memory).toBe(128 * 1024 * 1024);
    expect(h.MemorySwap).toBe(128 * 1024 * 1024);
    expect(h.PidsLimit).toBeLessThanOrEqual(1024);
    expect(h.CpuShares).toBe(512);
    expect(h.ReadonlyRootfs).toBe(true);
    expect(h.Tmpfs).toEqual({ '/tmp': 'rw,noexec,nosuid,nodev,size=64m,mode=1777', '/dev/mqueue': 'ro,noexec,nosuid,nodev,size=4k,mode=755' });
    expect(h.IpcMode).toBe('none');
    expect(h.Ulimits).toEqual([{ Name: 'nofile', Soft: 1024, Hard: 1024 }]);
    expect(h.Binds).toEqual([`${dir}:/run/wisp:ro`]);
    await factory.destroy(c);
    expect(existsSync(dir)).toBe(false);
    await expect(docker.getContainer(c.id).inspect()).rejects.toMatchObject({ statusCode: 404 });
  });

  it('cleanup also removes socket directories left without a container', async () => {
    const c = await factory.create({ image: config.runtimeImage, memoryMb: 128 });
    await docker.getContainer(c.id).remove({ force: true });
    await factory.cleanup();
    expect(readdirSync(config.containerDir).filter((d) => d.startsWith(`wisp-${invokerId}-`))).toEqual([]);
  });
});
