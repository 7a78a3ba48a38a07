import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';

export const SENTINEL = 'XXX_THE_END_OF_A_WHISK_ACTIVATION_XXX';

const SERVER = path.join(__dirname, 'server.js');

export interface ProxyReply {
  status: number;
  body: any;
  reusedSocket: boolean;
}

/** One proxy child process listening on a unix socket in its own temp dir, as in a container. */
export class ProxyProcess {
  stdout = '';
  stderr = '';
  exitCode: number | null | undefined = undefined;
  private readonly exited: Promise<void>;
  private readonly agent: http.Agent;

  private constructor(
    readonly child: ChildProcess,
    readonly dir: string,
    readonly socketPath: string,
  ) {
    child.stdout!.on('data', (chunk: Buffer) => (this.stdout += chunk.toString('utf8')));
    child.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString('utf8')));
    this.exited = new Promise((resolve) =>
      child.on('exit', (code) => {
        this.exitCode = code;
        resolve();
      }),
    );
    // Keep-alive like the invoker, so the tests also cover connection reuse.
    this.agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  }

  static async start(options: { dir?: string } = {}): Promise<ProxyProcess> {
    const dir = options.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'wisp-proxy-'));
    const socketPath = path.join(dir, 'proxy.sock');
    const child = spawn(process.execPath, [SERVER], {
      // TMPDIR keeps extracted zip actions inside the dir that stop() removes.
      env: { PATH: process.env.PATH ?? '', WISP_PROXY_SOCKET: socketPath, TMPDIR: dir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const proxy = new ProxyProcess(child, dir, socketPath);
    running.add(proxy);
    await proxy.waitUntilListening();
    return proxy;
  }

  private async waitUntilListening(): Promise<void> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      if (this.exitCode !== undefined) throw new Error(`proxy exited early: ${this.stderr}`);
      if (await canConnect(this.socketPath)) return;
      if (Date.now() > deadline) throw new Error(`proxy never listened on ${this.socketPath}`);
      await delay(20);
    }
  }

  post(route: string, body: unknown): Promise<ProxyReply> {
    return this.request('POST', route, body);
  }

  request(method: string, route: string, body?: unknown): Promise<ProxyReply> {
    const payload = Buffer.from(body === undefined ? '' : JSON.stringify(body));
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          socketPath: this.socketPath,
          agent: this.agent,
          method,
          path: route,
          headers: { 'Content-Type': 'application/json', 'Content-Length': payload.length },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            resolve({ status: res.statusCode!, body: text ? JSON.parse(text) : undefined, reusedSocket: req.reusedSocket });
          });
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
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

  /** Kills the process the way a crash would, leaving its socket file behind. */
  async kill(): Promise<void> {
    this.agent.destroy();
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

const running = new Set<ProxyProcess>();

/** For afterEach: no proxy outlives its test. */
export async function stopAllProxies(): Promise<void> {
  await Promise.all([...running].map((proxy) => proxy.stop()));
}

export function occurrences(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

function canConnect(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.request({ socketPath, method: 'GET', path: '/' }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on('error', () => resolve(false));
    req.end();
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
