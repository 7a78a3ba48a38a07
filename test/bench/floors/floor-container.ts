import { randomBytes, randomUUID } from 'node:crypto';
import { chmod, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import Docker from 'dockerode';
import { ProxyChannel, ProxyFrame } from '../../../apps/invoker/src/containers/proxy-channel';
import { ProxyListener } from '../../../apps/invoker/src/containers/proxy-listener';
import { BENCH } from '../config';

const ACTION_UID = 1000;

/**
 * A container of the runtime image started as the invoker starts one (hardening, a socket directory the bench owns
 * mounted read-only at /run/wisp, the invoker's listener and token) and held by the bench itself, so the floor is a
 * direct call over the proxy's own connection. An invoker's container cannot serve as the floor any more: its one
 * connection belongs to the invoker and nothing else can connect to it.
 */
export class FloorContainer {
  /** Calls queue here: like the invoker, one call at a time per container. */
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly container: Docker.Container,
    private readonly dir: string,
    private readonly channel: ProxyChannel,
  ) {}

  /** Creates, starts and waits for the proxy's connection. */
  static async start(docker: Docker, memoryMb: number): Promise<FloorContainer> {
    const name = `wisp-${BENCH.invokerId}-floor${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    const dir = join(BENCH.containerDir, name);
    await mkdir(dir, { recursive: true, mode: 0o755 });
    await chmod(dir, 0o755);
    const token = randomBytes(32).toString('hex');
    const listener = await ProxyListener.open(join(dir, 'proxy.sock'), token);
    const memory = memoryMb * 1024 * 1024;
    const container = await docker.createContainer({
      name,
      Image: BENCH.image,
      User: `${ACTION_UID}:${ACTION_UID}`,
      Env: [`WISP_PROXY_TOKEN=${token}`],
      Labels: { 'wisp.invoker': BENCH.invokerId, 'wisp.bench': 'floor' },
      HostConfig: {
        Binds: [`${dir}:/run/wisp:ro`],
        NetworkMode: 'none',
        CapDrop: ['ALL'],
        SecurityOpt: ['no-new-privileges'],
        Memory: memory,
        MemorySwap: memory,
        CpuShares: Math.max(2, memoryMb * 4),
        PidsLimit: 512,
        ReadonlyRootfs: true,
        IpcMode: 'none',
        Tmpfs: { '/tmp': 'rw,noexec,nosuid,nodev,size=64m,mode=1777', '/dev/mqueue': 'ro,noexec,nosuid,nodev,size=4k,mode=755' },
        Ulimits: [{ Name: 'nofile', Soft: 1024, Hard: 1024 }],
      },
    });
    try {
      await container.start();
      return new FloorContainer(container, dir, await listener.accept(15_000));
    } catch (e) {
      listener.close();
      await container.remove({ force: true, v: true }).catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
      throw e;
    }
  }

  /** `/init` with `code`; throws unless 200. */
  async init(code: string): Promise<void> {
    await this.call(ProxyFrame.init, { value: { name: 'floor', main: 'main', code, binary: false, env: {} } });
  }

  /** One `/run` with the body the invoker sends; throws unless 200. */
  async run(namespace: string, actionName: string): Promise<void> {
    const id = randomUUID().replace(/-/g, '');
    await this.call(ProxyFrame.run, { value: {}, namespace, action_name: actionName, action_version: '0.0.1', activation_id: id, transaction_id: id, deadline: String(Date.now() + 60_000) });
  }

  async remove(): Promise<void> {
    this.channel.close();
    await this.container.remove({ force: true, v: true }).catch(() => undefined);
    await rm(this.dir, { recursive: true, force: true });
  }

  private call(code: number, body: unknown): Promise<void> {
    const done = this.queue.then(async () => {
      const r = await this.channel.call(code, body, 30_000, 1024 * 1024);
      if (r.kind !== 'response' || r.status !== 200) throw new Error(`direct call ${code} → ${JSON.stringify(r)}`);
    });
    this.queue = done.catch(() => undefined);
    return done;
  }
}
