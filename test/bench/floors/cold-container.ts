import { chown, mkdir, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import Docker from 'dockerode';
import { BENCH } from '../config';
import { since } from '../stats';
import { ProxySocket } from './proxy-socket';

const ACTION_UID = 1000;

/**
 * The bare cold-start floor: create + start a container of the runtime image through the Docker API with the invoker's
 * hardening and socket bind mount, then time to the first `/init` answer. The container is removed afterwards.
 */
export async function coldContainerMs(docker: Docker, code: string, memoryMb: number): Promise<number> {
  const name = `wisp-${BENCH.invokerId}-floor${Date.now().toString(16)}`;
  const dir = join(BENCH.containerDir, name);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chown(dir, ACTION_UID, ACTION_UID);
  const memory = memoryMb * 1024 * 1024;
  const t = process.hrtime.bigint();
  const container = await docker.createContainer({
    name,
    Image: BENCH.image,
    User: `${ACTION_UID}:${ACTION_UID}`,
    Labels: { 'wisp.invoker': BENCH.invokerId, 'wisp.bench': 'floor' },
    HostConfig: {
      Binds: [`${dir}:/run/wisp`],
      NetworkMode: 'none',
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges'],
      Memory: memory,
      MemorySwap: memory,
      CpuShares: Math.max(2, memoryMb * 4),
      PidsLimit: 512,
      ReadonlyRootfs: true,
      Tmpfs: { '/tmp': 'rw,nosuid,nodev,size=64m,mode=1777' },
      Ulimits: [{ Name: 'nofile', Soft: 1024, Hard: 1024 }],
    },
  });
  try {
    await container.start();
    const socket = join(dir, 'proxy.sock');
    await waitListening(socket, 15_000);
    const proxy = new ProxySocket(socket);
    const r = await proxy.post('/init', { value: { name: 'floor', main: 'main', code, binary: false, env: {} } });
    const ms = since(t);
    proxy.close();
    if (r.status !== 200) throw new Error(`floor /init → ${r.status} ${r.body}`);
    return ms;
  } finally {
    await container.remove({ force: true, v: true }).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }
}

/** Polls the socket with 1 ms steps until it accepts a connection (as the invoker's ProxyClient does). */
async function waitListening(path: string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await canConnect(path))) {
    if (Date.now() > until) throw new Error(`floor container did not listen on ${path}`);
    await new Promise((r) => setTimeout(r, 1));
  }
}

function canConnect(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(path);
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}
