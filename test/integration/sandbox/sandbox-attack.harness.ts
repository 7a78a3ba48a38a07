import { activationMessage, ActivationMessage, CompletionMessage } from '@wisp/core';
import Docker from 'dockerode';
import { randomUUID } from 'node:crypto';
import { lstatSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { annotationsOf, InvokerHarness, prepareServices } from '../invoker/invoker-harness';

/**
 * A unix socket the test owns, standing in for a host socket such as the Docker engine's (which a test must never
 * point an action at). It counts every connection and answers like an HTTP server, so a leak shows in the result too.
 */
export class CanarySocket {
  connections = 0;
  readonly path: string;
  private readonly dir: string;

  private constructor(private readonly server: Server) {
    this.dir = mkdtempSync(join(tmpdir(), 'wisp-canary-'));
    this.path = join(this.dir, 'canary.sock');
  }

  static async start(): Promise<CanarySocket> {
    const canary = new CanarySocket(
      createServer((socket) => {
        canary.connections++;
        socket.on('error', () => undefined);
        socket.end('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 15\r\nconnection: close\r\n\r\n{"canary":true}');
      }),
    );
    await new Promise<void>((resolve) => canary.server.listen(canary.path, resolve));
    return canary;
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server.close(resolve));
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** One attacked action: the same action id and revision for every invoke, so warm containers would be reused. */
export interface AttackAction {
  /** Fully qualified name, as in the `wisp.action` label of its containers. */
  path: string;
  message: (params?: Record<string, unknown>) => ActivationMessage;
}

const docker = new Docker({ socketPath: '/var/run/docker.sock' });

/**
 * A real invoker (RabbitMQ → Docker → PostgreSQL, see {@link InvokerHarness}) for running hostile action code, with
 * what the assertions need: a canary socket, the bytes the invoker's container directory holds on the host, and the
 * follow-up checks every attack ends with. #13's sandbox suite extends this with more attacks.
 */
export class SandboxAttackHarness {
  private constructor(
    readonly invoker: InvokerHarness,
    readonly canary: CanarySocket,
  ) {}

  static async start(): Promise<SandboxAttackHarness> {
    await prepareServices();
    const invoker = await InvokerHarness.create(`it-sandbox-${randomUUID().slice(0, 8)}`);
    // No pausing: a warm container stays exactly as the attack left it until the next invoke takes it.
    await invoker.boot({ WISP_PREWARM_COUNT: '0', WISP_PAUSE_GRACE_MS: '600000' });
    return new SandboxAttackHarness(invoker, await CanarySocket.start());
  }

  /** An action running `code` (plain nodejs source); each call of `message` is a new activation of it. */
  action(code: string, limits: { timeout?: number; memory?: number } = {}): AttackAction {
    const id = randomUUID();
    const name = `attack-${id.slice(0, 6)}`;
    return { path: `/guest/${name}`, message: (params = {}) => activationMessage({ params, action: { id, name, exec: { kind: 'nodejs:20', code }, limits } }) };
  }

  /**
   * Waits, at most `timeoutMs`, until no container of `action` runs any more (what an attack did to it has taken
   * effect); false when one still runs then.
   */
  waitUntilStopped(action: AttackAction, timeoutMs = 10_000): Promise<boolean> {
    return waitUntilNone(() => this.containersOf(action, { running: true }), timeoutMs);
  }

  /** Waits, at most `timeoutMs`, until the engine holds no container of `action` at all; false when one is left. */
  waitUntilRemoved(action: AttackAction, timeoutMs = 10_000): Promise<boolean> {
    return waitUntilNone(() => this.containersOf(action), timeoutMs);
  }

  /** Ids of the containers of `action` the engine holds (only running ones with `running`). */
  async containersOf(action: AttackAction, options: { running?: boolean } = {}): Promise<string[]> {
    const filters = { label: [`wisp.invoker=${this.invoker.invokerId}`, `wisp.action=${action.path}`], ...(options.running ? { status: ['running'] } : {}) };
    return (await docker.listContainers({ all: !options.running, filters })).map((c) => c.Id);
  }

  invoke(message: ActivationMessage, timeoutMs = 90_000): Promise<CompletionMessage> {
    return this.invoker.invoke(message, timeoutMs);
  }

  /** Bytes of every file under the invoker's container directory on the host (sockets and directories count 0). */
  hostDirBytes(): number {
    return treeBytes(this.invoker.containerDir);
  }

  /**
   * What every attack ends with: the same action, invoked benignly afterwards (`params`), succeeds in a fresh container
   * (it has an init time, so the attacked container was not reused).
   */
  async expectFreshContainerServes(action: AttackAction, params: Record<string, unknown>): Promise<CompletionMessage> {
    const after = await this.invoke(action.message(params));
    expect(after.activation.response.statusCode).toBe(0);
    expect(annotationsOf(after).initTime).toEqual(expect.any(Number));
    return after;
  }

  async stop(): Promise<void> {
    await this.invoker.stop();
    await this.canary.stop();
  }
}

async function waitUntilNone(list: () => Promise<string[]>, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while ((await list()).length > 0) {
    if (Date.now() > until) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

function treeBytes(path: string): number {
  let stat;
  try {
    stat = lstatSync(path);
  } catch {
    return 0;
  }
  if (stat.isFile()) return stat.size;
  if (!stat.isDirectory()) return 0;
  let entries: string[];
  try {
    entries = readdirSync(path);
  } catch {
    return 0; // removed meanwhile (a container destroyed)
  }
  return entries.reduce((sum, entry) => sum + treeBytes(join(path, entry)), 0);
}
