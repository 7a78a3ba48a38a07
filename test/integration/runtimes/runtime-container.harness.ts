import { loadConfig } from '@wisp/core';
import { strToU8, zipSync } from 'fflate';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { ActionContainer, ContainerSpec, ProxyOutcome } from '../../../apps/invoker/src/containers/container-factory';
import { DockerContainerFactory } from '../../../apps/invoker/src/containers/docker.container-factory';

const MB = 1024 * 1024;

/** The `/run` context fields, as the invoker sends them. */
export const RUN_CONTEXT = {
  namespace: 'guest',
  action_name: '/guest/rt',
  action_version: '0.0.1',
  activation_id: 'a1b2c3d4',
  transaction_id: 'tx-rt',
  deadline: '1700000060000',
  api_key: 'uuid:secret',
};

/** A reply as the tests read it: status and parsed body (the outcome kind when there was none; the size when cut). */
export interface Reply {
  status: number | 'timeout' | 'crashed' | 'truncated';
  body: any;
}

/** One container of a runtime under test, driven as the invoker drives it. */
export class RuntimeContainer {
  constructor(
    private readonly factory: DockerContainerFactory,
    readonly container: ActionContainer,
  ) {}

  init(value: Record<string, unknown>, timeoutMs = 30_000): Promise<Reply> {
    return this.factory.init(this.container, { value: { name: 'rt', main: 'main', binary: false, env: {}, ...value } }, timeoutMs, MB).then(toReply);
  }

  run(value: unknown, timeoutMs = 30_000, context: Record<string, unknown> = RUN_CONTEXT): Promise<Reply> {
    return this.factory.run(this.container, { value, ...context }, timeoutMs, 4 * MB).then(toReply);
  }

  /** The log lines of the activation that just ended, without timestamps and stream names: `stdout: text`. */
  async logs(waitForSentinels = true): Promise<string[]> {
    const { lines } = await this.factory.logs(this.container, { limitBytes: MB, waitForSentinels });
    return lines.map((l) => l.replace(/^\S+\s+/, ''));
  }
}

/** A real Docker factory on a unique invoker id: every container it made is removed by `stop`. */
export class RuntimeHarness {
  readonly factory: DockerContainerFactory;
  private readonly dir: string;

  constructor() {
    const invokerId = `it-rt-${randomUUID().slice(0, 8)}`;
    this.dir = `/tmp/wisp-it-runtimes/${invokerId}`;
    this.factory = new DockerContainerFactory(loadConfig({ ...process.env, WISP_INVOKER_ID: invokerId, WISP_CONTAINER_DIR: this.dir }));
  }

  private readonly ready: Promise<ActionContainer>[] = [];

  /**
   * Starts `count` containers of `spec` at once (a few at a time), so a suite pays the engine's start latency once, not
   * per test; {@link start} hands them out first.
   */
  prestart(spec: Partial<ContainerSpec> & { image: string }, count: number, concurrency = 4): void {
    let chain: Promise<unknown>[] = Array.from({ length: concurrency }, () => Promise.resolve());
    for (let i = 0; i < count; i++) {
      const slot = i % concurrency;
      const next = chain[slot].then(() => this.factory.create({ memoryMb: 128, ...spec }));
      next.catch(() => undefined);
      chain[slot] = next.catch(() => undefined);
      this.ready.push(next);
    }
    this.prestarted = spec;
  }

  private prestarted?: Partial<ContainerSpec>;

  /** A started container of `spec` (a prestarted one when it matches). */
  async start(spec: Partial<ContainerSpec> & { image: string }): Promise<RuntimeContainer> {
    const same = this.prestarted && JSON.stringify(this.prestarted) === JSON.stringify(spec);
    const container = same && this.ready.length > 0 ? await this.ready.shift()! : await this.factory.create({ memoryMb: 128, ...spec });
    return new RuntimeContainer(this.factory, container);
  }

  async stop(): Promise<void> {
    await Promise.allSettled(this.ready.splice(0));
    await this.factory.cleanup();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * A base64 zip of `files` (name → text, or bytes); `modes` gives unix modes per name (an executable `exec`, or with
 * the type bits a symbolic link: 0o120777, its content being the target).
 */
export function base64Zip(files: Record<string, string | Uint8Array>, modes: Record<string, number> = {}): string {
  const entries = Object.fromEntries(
    Object.entries(files).map(([name, content]) => {
      const data = typeof content === 'string' ? strToU8(content) : content;
      // Unix mode in the upper 16 bits of the external attributes, as zip -X writes it (os 3 = unix).
      const mode = modes[name] ?? 0o644;
      return [name, [data, { os: 3, attrs: ((mode > 0o7777 ? mode : 0o100000 | mode) << 16) >>> 0 }]];
    }),
  );
  return Buffer.from(zipSync(entries as Parameters<typeof zipSync>[0])).toString('base64');
}

function toReply(outcome: ProxyOutcome): Reply {
  if (outcome.kind !== 'response') return { status: outcome.kind, body: undefined };
  if (outcome.truncated) return { status: 'truncated', body: outcome.size };
  return { status: outcome.status, body: outcome.body === '' ? undefined : JSON.parse(outcome.body) };
}
