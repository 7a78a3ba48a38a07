import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ProxyCallResult, ProxyChannel, ProxyFrame } from '../../../apps/invoker/src/containers/proxy-channel';
import { ProxyListener } from '../../../apps/invoker/src/containers/proxy-listener';

export const SENTINEL = 'XXX_THE_END_OF_A_WHISK_ACTIVATION_XXX';

const SERVER = path.join(__dirname, 'server.js');
const ROUTES: Record<string, number> = { '/init': ProxyFrame.init, '/run': ProxyFrame.run };
const MAX_REPLY_BYTES = 64 * 1024 * 1024;

export interface ProxyReply {
  status: number;
  body: any;
}

/**
 * One proxy child process, wired as in a container: the harness plays the invoker, listening with the invoker's own
 * {@link ProxyListener} in a temp dir and talking over the {@link ProxyChannel} the proxy opens to it.
 */
export class ProxyProcess {
  stdout = '';
  stderr = '';
  exitCode: number | null | undefined = undefined;
  private readonly exited: Promise<void>;

  private constructor(
    readonly child: ChildProcess,
    readonly dir: string,
    readonly socketPath: string,
    readonly channel: ProxyChannel,
  ) {
    child.stdout!.on('data', (chunk: Buffer) => (this.stdout += chunk.toString('utf8')));
    child.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString('utf8')));
    this.exited = new Promise((resolve) =>
      child.on('exit', (code) => {
        this.exitCode = code;
        resolve();
      }),
    );
  }

  static async start(options: { token?: string; sentToken?: string } = {}): Promise<ProxyProcess> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wisp-proxy-'));
    const socketPath = path.join(dir, 'proxy.sock');
    const token = options.token ?? 'harness-token';
    const listener = await ProxyListener.open(socketPath, token);
    const child = spawn(process.execPath, [SERVER], {
      // TMPDIR keeps extracted zip actions inside the dir that stop() removes.
      env: { PATH: process.env.PATH ?? '', WISP_PROXY_SOCKET: socketPath, WISP_PROXY_TOKEN: options.sentToken ?? token, TMPDIR: dir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<never>((_resolve, reject) => child.once('exit', (code) => reject(new Error(`proxy exited early (${code})`))));
    exited.catch(() => undefined);
    try {
      const channel = await Promise.race([listener.accept(5_000), exited]);
      const proxy = new ProxyProcess(child, dir, socketPath, channel);
      running.add(proxy);
      return proxy;
    } catch (e) {
      listener.close();
      child.kill('SIGKILL');
      fs.rmSync(dir, { recursive: true, force: true });
      throw e;
    }
  }

  post(route: string, body: unknown): Promise<ProxyReply> {
    return this.send(ROUTES[route] ?? 99, body);
  }

  /** One frame with any code; throws when the channel broke (the proxy died or dropped the connection). */
  async send(code: number, body: unknown): Promise<ProxyReply> {
    return toReply(await this.channel.call(code, body, 30_000, MAX_REPLY_BYTES));
  }

  init(value: Record<string, unknown>): Promise<ProxyReply> {
    return this.post('/init', { value });
  }

  run(value: unknown, context: Record<string, unknown> = {}): Promise<ProxyReply> {
    return this.post('/run', { value, ...context });
  }

  /** Resolves once both streams carry `count` sentinels, i.e. the proxy finished that many activations' logs. */
  async waitForSentinels(count: number, timeoutMs = 5_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (occurrences(this.stdout, SENTINEL) < count || occurrences(this.stderr, SENTINEL) < count) {
      if (Date.now() > deadline) throw new Error(`expected ${count} sentinels; stdout=${this.stdout} stderr=${this.stderr}`);
      await delay(10);
    }
  }

  waitForExit(): Promise<void> {
    return this.exited;
  }

  /** Kills the process the way a crash would. */
  async kill(): Promise<void> {
    this.channel.close();
    if (this.exitCode === undefined) {
      this.child.kill('SIGKILL');
      await this.exited;
    }
  }

  async stop(): Promise<void> {
    await this.kill();
    fs.rmSync(this.dir, { recursive: true, force: true });
    running.delete(this);
  }
}

function toReply(result: ProxyCallResult): ProxyReply {
  if (result.kind === 'error') throw result.error;
  if (result.kind === 'timeout') throw new Error('the proxy did not answer');
  return { status: result.status, body: result.body ? JSON.parse(result.body) : undefined };
}

const running = new Set<ProxyProcess>();

/** For afterEach: no proxy outlives its test. */
export async function stopAllProxies(): Promise<void> {
  await Promise.all([...running].map((proxy) => proxy.stop()));
}

export function occurrences(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
