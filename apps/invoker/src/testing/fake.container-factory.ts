import { ImageMissingError } from '../containers/container-factory';
import type { ActionContainer, CollectedLogs, ContainerFactory, ContainerSpec, ProxyOutcome } from '../containers/container-factory';

/** In-memory {@link ContainerFactory} for unit tests: records calls, answers `/run` with `runOutcome`. */
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
  private seq = 0;

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
    return this.initOutcome;
  }
  async run(c: ActionContainer, body: unknown): Promise<ProxyOutcome> {
    this.calls.push(`run ${c.id}`);
    this.bodies.push({ path: '/run', body });
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
