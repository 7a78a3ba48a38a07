import { ImageMissingError } from '../containers/container-factory';
import type { ActionContainer, CollectedLogs, ConnectionLostListener, ContainerFactory, ContainerSpec, ProxyOutcome } from '../containers/container-factory';

const CRASHED: ProxyOutcome = { kind: 'crashed', oomKilled: false };

/**
 * In-memory {@link ContainerFactory} for unit tests: records calls, answers `/run` with `runOutcome`. A container whose
 * proxy connection was dropped (`dropConnection`, or a run outcome in `dropsConnection`) answers every later call as
 * crashed, as the SPI requires: the connection is never re-established. A drop of a live container is reported to the
 * `onConnectionLost` listeners at once, as the SPI requires.
 */
export class FakeContainerFactory implements ContainerFactory {
  readonly calls: string[] = [];
  readonly live = new Set<string>();
  runOutcome: ProxyOutcome = { kind: 'response', status: 200, body: '{}', size: 2, truncated: false };
  initOutcome: ProxyOutcome = { kind: 'response', status: 200, body: '{"OK":true}', size: 11, truncated: false };
  logLines: string[] = [];
  missingImages = new Set<string>();
  createGate?: Promise<void>;
  /** Bodies sent to `/init` and `/run`, in order. */
  readonly bodies: { path: '/init' | '/run'; body: unknown }[] = [];
  /** Run outcomes after which the container's proxy connection is gone (the action cut it). */
  dropsConnection = false;
  private readonly dropped = new Set<string>();
  private readonly lostListeners = new Set<ConnectionLostListener>();
  private seq = 0;

  /** The action (or anything else) cut the container's proxy connection. */
  dropConnection(c: ActionContainer): void {
    if (this.dropped.has(c.id)) return;
    this.dropped.add(c.id);
    if (this.live.has(c.id)) for (const listener of this.lostListeners) listener(c);
  }

  onConnectionLost(listener: ConnectionLostListener): () => void {
    this.lostListeners.add(listener);
    return () => this.lostListeners.delete(listener);
  }

  async create(spec: ContainerSpec): Promise<ActionContainer> {
    await this.createGate;
    if (this.missingImages.has(spec.image)) throw new ImageMissingError(spec.image);
    const c = { id: `c${++this.seq}`, name: `fake-${this.seq}`, memoryMb: spec.memoryMb };
    this.live.add(c.id);
    this.calls.push(`create ${c.id} ${spec.image} ${spec.memoryMb}`);
    return c;
  }
  async init(c: ActionContainer, body: unknown): Promise<ProxyOutcome> {
    this.calls.push(`init ${c.id}`);
    this.bodies.push({ path: '/init', body });
    return this.dropped.has(c.id) ? CRASHED : this.initOutcome;
  }
  async run(c: ActionContainer, body: unknown): Promise<ProxyOutcome> {
    this.calls.push(`run ${c.id}`);
    this.bodies.push({ path: '/run', body });
    if (this.dropped.has(c.id)) return CRASHED;
    if (this.dropsConnection) this.dropConnection(c);
    return this.runOutcome;
  }
  async pause(c: ActionContainer): Promise<void> {
    this.calls.push(`pause ${c.id}`);
  }
  async resume(c: ActionContainer): Promise<void> {
    this.calls.push(`resume ${c.id}`);
  }
  async logs(): Promise<CollectedLogs> {
    return { lines: this.logLines, truncated: false };
  }
  async destroy(c: ActionContainer): Promise<void> {
    if (this.live.delete(c.id)) this.calls.push(`destroy ${c.id}`);
  }
  async cleanup(): Promise<void> {
    this.live.clear();
  }
}
