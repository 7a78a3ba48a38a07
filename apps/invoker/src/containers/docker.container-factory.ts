import { Inject, Injectable, Logger } from '@nestjs/common';
import { isImageReference, RUNTIME_MANIFEST, WISP_CONFIG, WispConfig } from '@wisp/core';
import Docker from 'dockerode';
import { randomBytes, randomUUID } from 'node:crypto';
import { chmod, mkdir, readdir, rm } from 'node:fs/promises';
import * as http from 'node:http';
import { join } from 'node:path';
import { ActionContainer, CollectedLogs, ConnectionLostListener, ContainerFactory, ContainerSpec, ImageMissingError, ProxyOutcome } from './container-factory';
import { hardenedOptions, relayOptions, SOCKET_FILE, speaksWispProtocol } from './docker-container-options';
import { DockerLogsReader } from './docker-logs.reader';
import { LogCollector } from './log-collector';
import { ProxyCallResult, ProxyChannel, ProxyFrame } from './proxy-channel';
import { ProxyListener } from './proxy-listener';

/** A fresh proxy connects within a few hundred ms even on a busy host; past this the start failed. */
const READY_TIMEOUT_MS = 15_000;
/** How long a broken connection may take to show up as an exited container. */
const EXIT_WAIT_MS = 1_500;
const INIT_RESPONSE_MAX_BYTES = 1_048_576;

/** Internal state of one Docker container; callers only see {@link ActionContainer}. */
class DockerActionContainer implements ActionContainer {
  readonly logs = new LogCollector();
  channel?: ProxyChannel;
  /** Set first thing in `destroy`: a break after it is the invoker's own doing, not a loss to report. */
  destroyed = false;
  destroying?: Promise<void>;

  constructor(
    readonly id: string,
    readonly name: string,
    readonly memoryMb: number,
    readonly dir: string,
    readonly handle: Docker.Container,
    readonly listener: ProxyListener,
    readonly logReader: DockerLogsReader,
    /** The relay to an image serving OpenWhisk's HTTP protocol on :8080 (it holds the proxy connection then). */
    readonly relay?: Docker.Container,
  ) {}

  call(code: number, body: unknown, timeoutMs: number, maxBytes: number): Promise<ProxyCallResult> {
    if (!this.channel) return Promise.resolve({ kind: 'error', error: new Error('the action proxy never connected') });
    return this.channel.call(code, body, timeoutMs, maxBytes);
  }
}

/**
 * {@link ContainerFactory} on the Docker engine API (dockerode over WISP_DOCKER_SOCKET with a keep-alive agent; the
 * docker CLI is never spawned); each container's log stream is followed by a {@link DockerLogsReader} into one reused
 * buffer. Each container gets `${containerDir}/${name}`, a directory the invoker owns (0755),
 * bind-mounted read-only at `/run/wisp`. The invoker listens on a unix socket there and the proxy connects out to it
 * with a per-container token, so the transport works with `--network none` and nothing the action does in the container
 * can change what the invoker talks to: the mount refuses rename, unlink and symlink, and the invoker resolves the path
 * only to listen, before the container starts.
 *
 * A spec with `protocol: 'detect'` whose image does not run Wisp's proxy (an OpenWhisk image serving HTTP on :8080) is
 * started without the socket mount or token, and a relay container beside it (same hardening, the manifest's relay
 * image) joins its network namespace, dials the invoker with the token and forwards frames to 127.0.0.1:8080 there.
 * Logs are still the action container's; destroying the container removes its relay.
 */
@Injectable()
export class DockerContainerFactory implements ContainerFactory {
  private readonly logger = new Logger(DockerContainerFactory.name);
  private readonly docker: Docker;
  private readonly namePrefix: string;
  private readonly lostListeners = new Set<ConnectionLostListener>();

  constructor(@Inject(WISP_CONFIG) private readonly config: WispConfig) {
    // docker-modem takes an http agent (missing from the typings): keep-alive makes an engine call ~0.6 ms.
    const options: Docker.DockerOptions & { agent: http.Agent } = { socketPath: config.dockerSocket, agent: new http.Agent({ keepAlive: true }) };
    this.docker = new Docker(options);
    this.namePrefix = `wisp-${config.invokerId}-`;
  }

  async create(spec: ContainerSpec): Promise<ActionContainer> {
    const image = await this.ensureImage(spec.image);
    const relayed = spec.protocol === 'detect' && !RUNTIME_MANIFEST.isWispImage(spec.image) && !speaksWispProtocol(image);
    const name = `${this.namePrefix}${randomUUID().replace(/-/g, '').slice(0, 16)}`;
    const dir = join(this.config.containerDir, name);
    const token = randomBytes(32).toString('hex');
    let listener: ProxyListener | undefined;
    let container: DockerActionContainer | undefined;
    try {
      await mkdir(dir, { recursive: true, mode: 0o755 });
      await chmod(dir, 0o755);
      listener = await ProxyListener.open(join(dir, SOCKET_FILE), token);
      const labels = { ...spec.labels, 'wisp.invoker': this.config.invokerId };
      const env = [`__OW_API_HOST=${this.config.publicUrl}`];
      const base = { name, image: spec.image, memoryMb: spec.memoryMb, labels, networkMode: this.config.actionNetwork };
      // The proxy reads and drops the token before any action code loads; the listener is gone once it was used.
      const options = relayed
        ? hardenedOptions({ ...base, env, execDir: RUNTIME_MANIFEST.relay.execDir })
        : hardenedOptions({ ...base, env: [...env, `WISP_PROXY_TOKEN=${token}`], socketDir: dir, execDir: spec.execDir });
      const handle = await this.docker.createContainer(options);
      const relay = relayed ? await this.docker.createContainer(this.relayOptionsFor(name, handle.id, dir, token, labels)) : undefined;
      container = new DockerActionContainer(handle.id, name, spec.memoryMb, dir, handle, listener, new DockerLogsReader(this.config.dockerSocket, handle.id), relay);
      await handle.start();
      await relay?.start();
      const c = container;
      await Promise.all([
        c.logReader.follow(c.logs),
        listener.accept(READY_TIMEOUT_MS, () => this.isRunning(c)).then((channel) => (c.channel = channel)),
      ]);
      if (!c.channel!.usable) throw new Error('the action proxy connection broke while the container started');
      c.channel!.onBroken(() => this.reportLost(c));
      return container;
    } catch (e) {
      if (container) await this.destroy(container);
      else {
        listener?.close();
        await this.removeByName(`${name}-relay`, dir);
        await this.removeByName(name, dir);
      }
      throw e;
    }
  }

  async init(container: ActionContainer, body: unknown, timeoutMs: number, logLimitBytes: number): Promise<ProxyOutcome> {
    const c = this.own(container);
    c.logs.holdTo(logLimitBytes);
    return this.outcome(c, await c.call(ProxyFrame.init, body, timeoutMs, INIT_RESPONSE_MAX_BYTES));
  }

  async run(container: ActionContainer, body: unknown, timeoutMs: number, maxResponseBytes: number): Promise<ProxyOutcome> {
    const c = this.own(container);
    return this.outcome(c, await c.call(ProxyFrame.run, body, timeoutMs, maxResponseBytes));
  }

  async pause(container: ActionContainer): Promise<void> {
    await this.own(container).handle.pause();
  }

  async resume(container: ActionContainer): Promise<void> {
    await this.own(container).handle.unpause();
  }

  logs(container: ActionContainer, options: { limitBytes: number; waitForSentinels: boolean }): Promise<CollectedLogs> {
    return this.own(container).logs.collect(options);
  }

  destroy(container: ActionContainer): Promise<void> {
    const c = this.own(container);
    c.destroyed = true;
    c.destroying ??= (async () => {
      c.listener.close();
      c.channel?.close();
      c.logReader.stop();
      c.logs.end();
      await c.relay?.remove({ force: true, v: true }).catch((e) => this.ignoreGone(e, `${c.name}-relay`));
      await c.handle.remove({ force: true, v: true }).catch((e) => this.ignoreGone(e, c.name));
      await rm(c.dir, { recursive: true, force: true }).catch((e) => this.logger.warn(`cannot remove ${c.dir}: ${(e as Error).message}`));
    })();
    return c.destroying;
  }

  async cleanup(): Promise<void> {
    const label = `wisp.invoker=${this.config.invokerId}`;
    const leftovers = await this.docker.listContainers({ all: true, filters: { label: [label] } });
    await Promise.all(leftovers.map((info) => this.docker.getContainer(info.Id).remove({ force: true, v: true }).catch((e) => this.ignoreGone(e, info.Id))));
    const ours = new RegExp(`^${escapeRegExp(this.namePrefix)}[0-9a-f]+$`);
    const dirs = await readdir(this.config.containerDir).catch(() => [] as string[]);
    await Promise.all(dirs.filter((d) => ours.test(d)).map((d) => rm(join(this.config.containerDir, d), { recursive: true, force: true })));
    if (leftovers.length > 0) this.logger.log(`removed ${leftovers.length} leftover container(s) labelled ${label}`);
  }

  onConnectionLost(listener: ConnectionLostListener): () => void {
    this.lostListeners.add(listener);
    return () => this.lostListeners.delete(listener);
  }

  private reportLost(c: DockerActionContainer): void {
    if (c.destroyed) return;
    for (const listener of this.lostListeners) listener(c);
  }

  private relayOptionsFor(name: string, actionId: string, dir: string, token: string, labels: Record<string, string>): Docker.ContainerCreateOptions {
    const { image, cmd } = RUNTIME_MANIFEST.relay;
    return relayOptions({ name: `${name}-relay`, image, cmd, actionId, socketDir: dir, token, labels: { ...labels, 'wisp.relay-for': name } });
  }

  /** Turns a broken connection into a crash report once the engine has seen the process exit. */
  private async outcome(c: DockerActionContainer, r: ProxyCallResult): Promise<ProxyOutcome> {
    if (r.kind !== 'error') return r;
    const until = Date.now() + EXIT_WAIT_MS;
    for (;;) {
      const state = await c.handle.inspect().then(
        (info) => info.State,
        () => undefined,
      );
      if (!state || !state.Running || Date.now() > until) {
        return { kind: 'crashed', oomKilled: state?.OOMKilled === true, exitCode: state && !state.Running ? state.ExitCode : undefined };
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  private async ensureImage(image: string): Promise<Docker.ImageInspectInfo> {
    // Stored actions from before the API checked this, or a message from elsewhere: never a URL path for the engine.
    if (!isImageReference(image)) throw new ImageMissingError(image);
    try {
      return await this.docker.getImage(image).inspect();
    } catch (e) {
      if ((e as { statusCode?: number }).statusCode === 404) throw new ImageMissingError(image);
      throw e;
    }
  }

  private async isRunning(c: DockerActionContainer): Promise<boolean> {
    const running = (h: Docker.Container) =>
      h.inspect().then(
        (info) => info.State.Running,
        () => false,
      );
    return (await running(c.handle)) && (!c.relay || (await running(c.relay)));
  }

  private async removeByName(name: string, dir: string): Promise<void> {
    await this.docker
      .getContainer(name)
      .remove({ force: true, v: true })
      .catch((e) => this.ignoreGone(e, name));
    await rm(dir, { recursive: true, force: true }).catch(() => undefined);
  }

  private ignoreGone(e: unknown, what: string): void {
    const status = (e as { statusCode?: number }).statusCode;
    // 404: already gone; 409: removal already in progress.
    if (status !== 404 && status !== 409) this.logger.warn(`cannot remove container ${what}: ${(e as Error).message}`);
  }

  private own(container: ActionContainer): DockerActionContainer {
    if (!(container instanceof DockerActionContainer)) throw new Error('container was not created by DockerContainerFactory');
    return container;
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
