import { createServer, type Server, Socket } from 'node:net';

/** What the proxy does with traffic. */
export type FaultMode = 'forward' | 'paused' | 'replies-held' | 'dropped';

interface Pair {
  client: Socket;
  upstream: Socket;
}

/**
 * A TCP proxy on loopback that a test puts in front of a shared service (PostgreSQL, RabbitMQ) to fake its outage
 * without touching the service: `pause` holds every socket open and forwards nothing (a hung server; bytes sent
 * meanwhile are delivered on `resume`), `holdReplies` forwards requests but holds every answer (a server that acts but
 * whose answers are lost, e.g. a routed message whose confirm never comes), `drop` resets every connection and refuses
 * new ones (a stopped server), `slow` delays every chunk. `resume` goes back to forwarding.
 */
export class FaultProxy {
  private server?: Server;
  private readonly pairs = new Set<Pair>();
  private mode: FaultMode = 'forward';
  private delayMs = 0;
  /** Client sockets whose bytes are read and thrown away (see {@link loseRequests}). */
  private readonly muted = new WeakSet<Socket>();
  /** Connections opened so far (a test can tell that a client reconnected). */
  accepted = 0;

  private constructor(
    private readonly target: { host: string; port: number },
    readonly host: string,
    public port: number,
  ) {}

  /** Starts a proxy to `target` listening on `host` (a free port is picked). */
  static async start(target: { host: string; port: number }, host = '127.0.0.1'): Promise<FaultProxy> {
    const proxy = new FaultProxy(target, host, 0);
    await proxy.listen();
    return proxy;
  }

  /** Stops forwarding in both directions but keeps every socket open; new connections are held too. */
  pause(): void {
    this.mode = 'paused';
    for (const p of this.pairs) {
      p.client.pause();
      p.upstream.pause();
    }
  }

  /** Forwards what clients send, holds what the server answers (delivered on `resume`). */
  holdReplies(): void {
    this.mode = 'replies-held';
    for (const p of this.pairs) p.upstream.pause();
  }

  /** Resets every connection and refuses new ones (the port stops listening). */
  async drop(): Promise<void> {
    this.mode = 'dropped';
    for (const p of this.pairs) this.reset(p);
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
    this.server = undefined;
  }

  /**
   * On every connection open now, what the client sends from now on is read and thrown away, while the server's bytes
   * still arrive: the client's acknowledgements (MQTT PUBACK/PUBREC, a replication standby status) are lost on the
   * way, as when a process dies right after sending them. Connections opened later forward normally.
   */
  loseRequests(): void {
    for (const p of this.pairs) this.muted.add(p.client);
  }

  /** Delays every chunk in both directions by `ms` (0 ends it). */
  slow(ms: number): void {
    this.delayMs = ms;
  }

  /** Forwards again: held bytes flow, a dropped proxy listens again on the same port. */
  async resume(): Promise<void> {
    const wasDropped = this.mode === 'dropped';
    this.mode = 'forward';
    if (wasDropped) await this.listen();
    for (const p of this.pairs) {
      p.client.resume();
      p.upstream.resume();
    }
  }

  /** Closes everything. */
  async close(): Promise<void> {
    await this.drop();
  }

  private async listen(): Promise<void> {
    const server = createServer((client) => this.accept(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, this.host, () => resolve());
    });
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  private accept(client: Socket): void {
    if (this.mode === 'dropped') return void client.resetAndDestroy();
    this.accepted++;
    const upstream = new Socket();
    const pair: Pair = { client, upstream };
    this.pairs.add(pair);
    this.forward(client, upstream);
    this.forward(upstream, client);
    const end = () => {
      if (!this.pairs.delete(pair)) return;
      client.destroy();
      upstream.destroy();
    };
    for (const s of [client, upstream]) {
      s.on('error', end);
      s.on('close', end);
    }
    upstream.connect(this.target.port, this.target.host);
    if (this.mode === 'paused') client.pause();
    if (this.mode === 'paused' || this.mode === 'replies-held') upstream.pause();
  }

  /** Copies `from` to `to` chunk by chunk, in order, each after the current delay. */
  private forward(from: Socket, to: Socket): void {
    let chain = Promise.resolve();
    from.on('data', (chunk: Buffer) => {
      if (this.muted.has(from)) return;
      const delay = this.delayMs;
      chain = chain.then(async () => {
        if (delay > 0) await new Promise((r) => setTimeout(r, delay));
        if (!to.destroyed) to.write(chunk);
      });
    });
  }

  private reset(p: Pair): void {
    this.pairs.delete(p);
    p.client.resetAndDestroy();
    p.upstream.destroy();
  }
}
