import * as http from 'node:http';
import * as net from 'node:net';
import { stat } from 'node:fs/promises';

/** What one proxy call produced, before the container's state is consulted. */
export type ProxyCallResult =
  | { kind: 'response'; status: number; body: string; size: number; truncated: boolean }
  | { kind: 'timeout' }
  | { kind: 'error'; error: Error };

/** Thrown by {@link ProxyClient.waitReady} when the proxy never accepted a connection. */
export class ProxyNotReadyError extends Error {}

const RETRYABLE_ON_REUSED = new Set(['ECONNRESET', 'EPIPE']);

/**
 * HTTP over one container's unix socket, with its own keep-alive agent so the warm path reuses one connection.
 * Timeouts are enforced here (the request is destroyed), never by the proxy.
 */
export class ProxyClient {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

  constructor(readonly socketPath: string) {}

  /**
   * Waits until the socket file exists and accepts a connection: short polls at first (a fresh proxy needs a few ms),
   * backing off to 20 ms, bounded by `timeoutMs`. `alive` is consulted now and then so a dead container fails fast.
   */
  async waitReady(timeoutMs: number, alive?: () => Promise<boolean>): Promise<void> {
    const until = Date.now() + timeoutMs;
    let delay = 1;
    let nextAliveCheck = Date.now() + 500;
    for (;;) {
      if ((await exists(this.socketPath)) && (await canConnect(this.socketPath))) return;
      if (Date.now() > until) throw new ProxyNotReadyError(`the action proxy did not listen on ${this.socketPath} within ${timeoutMs} ms`);
      if (alive && Date.now() > nextAliveCheck) {
        nextAliveCheck = Date.now() + 500;
        if (!(await alive())) throw new ProxyNotReadyError('the action container exited before its proxy listened');
      }
      await sleep(delay);
      delay = Math.min(delay * 2, 20);
    }
  }

  /**
   * POSTs JSON and reads the answer, keeping at most `maxBytes` of it (the rest is counted, not kept).
   * A keep-alive connection the proxy closed while idle is retried once on a fresh one (the request never reached it).
   */
  async post(path: string, body: unknown, timeoutMs: number, maxBytes: number): Promise<ProxyCallResult> {
    const payload = Buffer.from(JSON.stringify(body));
    const deadline = Date.now() + timeoutMs;
    const first = await this.request(path, payload, timeoutMs, maxBytes);
    if (first.kind === 'error' && first.reused && RETRYABLE_ON_REUSED.has((first.error as NodeJS.ErrnoException).code ?? '')) {
      return stripReused(await this.request(path, payload, Math.max(1, deadline - Date.now()), maxBytes));
    }
    return stripReused(first);
  }

  /** Drops pooled connections. */
  close(): void {
    this.agent.destroy();
  }

  private request(path: string, payload: Buffer, timeoutMs: number, maxBytes: number): Promise<ProxyCallResult & { reused?: boolean }> {
    return new Promise((resolve) => {
      let settled = false;
      const done = (r: ProxyCallResult & { reused?: boolean }) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(r);
      };
      const req = http.request(
        {
          socketPath: this.socketPath,
          agent: this.agent,
          method: 'POST',
          path,
          headers: { 'content-type': 'application/json', 'content-length': payload.length, host: 'action' },
        },
        (res) => {
          const chunks: Buffer[] = [];
          let kept = 0;
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (kept < maxBytes) {
              const part = kept + chunk.length > maxBytes ? chunk.subarray(0, maxBytes - kept) : chunk;
              chunks.push(part);
              kept += part.length;
            }
          });
          res.on('end', () =>
            done({ kind: 'response', status: res.statusCode ?? 0, body: Buffer.concat(chunks, kept).toString('utf8'), size, truncated: size > kept }),
          );
          res.on('error', (error) => done({ kind: 'error', error }));
          res.on('close', () => {
            if (!res.complete) done({ kind: 'error', error: new Error('the connection closed before the response was complete') });
          });
        },
      );
      const timer = setTimeout(() => {
        done({ kind: 'timeout' });
        req.destroy();
      }, timeoutMs);
      req.on('error', (error) => done({ kind: 'error', error, reused: req.reusedSocket }));
      req.end(payload);
    });
  }
}

function stripReused(r: ProxyCallResult & { reused?: boolean }): ProxyCallResult {
  if (r.kind === 'error') return { kind: 'error', error: r.error };
  return r;
}

async function exists(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isSocket();
  } catch {
    return false;
  }
}

function canConnect(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(path);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
