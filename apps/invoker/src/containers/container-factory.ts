/** DI token of the {@link ContainerFactory} the invoker runs actions with. */
export const CONTAINER_FACTORY = Symbol('CONTAINER_FACTORY');

/** What to start: one runtime process for one action (or a not yet specialised stem cell). */
export interface ContainerSpec {
  /** Image to run; must exist locally (factories never pull). */
  image: string;
  /** Memory limit, MB; also the swap limit (no swap) and the basis of the CPU share. */
  memoryMb: number;
  /** Extra labels (the factory always adds its invoker label). */
  labels?: Record<string, string>;
  /**
   * Mount point of an exec-allowed, size-limited tmpfs (native actions run the executable they brought); every other
   * writable mount stays noexec.
   */
  execDir?: string;
  /**
   * `socket` (default): the image runs Wisp's proxy. `detect`: a user's image, which may instead serve OpenWhisk's HTTP
   * protocol on :8080; the factory then reaches it through a relay in its network namespace.
   */
  protocol?: 'socket' | 'detect';
}

/** A started container whose proxy is connected. Opaque to callers apart from these read-only fields. */
export interface ActionContainer {
  /** Backend id (Docker container id). */
  readonly id: string;
  /** Unique name, also the name of its socket directory. */
  readonly name: string;
  readonly memoryMb: number;
}

/** Outcome of one `/init` or `/run` call. Never thrown: the activation runner classifies every case. */
export type ProxyOutcome =
  /** The proxy answered. `body` holds at most `maxResponseBytes`; `size` counts every byte it sent. */
  | { kind: 'response'; status: number; body: string; size: number; truncated: boolean }
  /** No answer within the time limit; the container may still be running the code. */
  | { kind: 'timeout' }
  /** The connection broke without an answer; `oomKilled` when the kernel killed it for memory. */
  | { kind: 'crashed'; oomKilled: boolean; exitCode?: number };

/** Logs of one activation, already in OpenWhisk's line format. */
export interface CollectedLogs {
  lines: string[];
  /** True when the action wrote more than the limit (the last line then says so). */
  truncated: boolean;
}

/** Told of a container whose proxy connection broke; see {@link ContainerFactory.onConnectionLost}. */
export type ConnectionLostListener = (container: ActionContainer) => void;

/** Raised by `create` when the image is not present locally; the runner reports a developer error. */
export class ImageMissingError extends Error {
  constructor(readonly image: string) {
    super(`image ${image} is not available locally`);
  }
}

/**
 * The invoker's only door to a container backend (OpenWhisk's `ContainerFactory` + `Container`).
 *
 * Every implementation guarantees:
 * - **Isolation and transport.** `create` starts the container with the hardening the platform promises (unprivileged
 *   user, no capabilities, no new privileges, memory = swap = `memoryMb`, bounded pids and open files, read-only root,
 *   the invoker's label) and returns only once the invoker holds a connection to the action proxy. Every writable mount
 *   is a size-limited `noexec,nosuid,nodev` tmpfs (but `execDir`, exec-allowed and size-limited too): no write of an action reaches the host disk except the engine's
 *   capped logs. Each container owns a private host directory (its socket directory) that the factory creates in
 *   `create`, owns, and releases in `destroy` (and `cleanup`); the container sees it read-only, if at all.
 * - **The invoker talks only to the container's own proxy.** The factory never resolves, at call time, a path or
 *   address the action can change (no socket file, symlink or port in the container's reach). Docker's factory listens
 *   and lets the proxy dial out with a per-container token, then stops listening. The connection is never re-established:
 *   once it breaks, every later `init`/`run` on that container resolves `crashed`, and the caller destroys it.
 * - **Loss is reported at once.** When the connection of a container that `create` returned breaks for any reason
 *   other than `destroy` (the action cut it, the proxy or the container died, the engine killed it), the factory tells
 *   every {@link ConnectionLostListener} once, as soon as the backend sees it, also when no call is in flight: an
 *   idle or paused container that can no longer serve is known at once, not at its next `run`. Never after `destroy`
 *   was called on that container.
 * - **Concurrency.** Calls on *different* containers may run concurrently and never wait on one another (no global
 *   lock). On *one* container the caller issues at most one of `init`/`run`/`pause`/`resume`/`logs` at a time;
 *   `destroy` may be called at any moment, also while a `run` is in flight (that run then resolves as crashed or
 *   timed out, never hangs).
 * - **Idempotence.** `destroy` is idempotent and never throws (a container already gone is fine). `cleanup` is
 *   idempotent and removes every container carrying this invoker's label and their directories, whoever created them
 *   (leftovers of a previous process with the same invoker id). `create` is not idempotent: each call makes a new
 *   container with a fresh unique name.
 * - **Failures.** `create` throws {@link ImageMissingError} for a missing image and any other error for a backend
 *   failure (after removing what it had created). `init` and `run` never throw: they resolve a {@link ProxyOutcome}.
 *   `pause`/`resume` throw when the backend refuses; the caller then destroys the container.
 * - **Logs.** The factory follows each container's output from its start. `logs` returns the lines written since the
 *   previous call up to the end-of-activation sentinels on stdout and stderr, waiting a bounded time for them; with
 *   `waitForSentinels: false` (crash, timeout) it returns what arrived without waiting.
 */
export interface ContainerFactory {
  /** Creates and starts a container and waits for its proxy. @throws ImageMissingError | Error */
  create(spec: ContainerSpec): Promise<ActionContainer>;

  /**
   * `POST /init` with `body`, bounded by `timeoutMs`. Called at most once per container. `logLimitBytes` is the action's
   * log limit: from now on the container's output is held to it (a stem cell does not know it before).
   */
  init(container: ActionContainer, body: unknown, timeoutMs: number, logLimitBytes: number): Promise<ProxyOutcome>;

  /** `POST /run` with `body`, bounded by `timeoutMs`; the body read is capped at `maxResponseBytes`. */
  run(container: ActionContainer, body: unknown, timeoutMs: number, maxResponseBytes: number): Promise<ProxyOutcome>;

  /** Freezes the container's processes (keeps memory, frees CPU). */
  pause(container: ActionContainer): Promise<void>;

  /** Thaws a paused container. */
  resume(container: ActionContainer): Promise<void>;

  /** The formatted log lines of the activation that just ended, capped at `limitBytes` of text. */
  logs(container: ActionContainer, options: { limitBytes: number; waitForSentinels: boolean }): Promise<CollectedLogs>;

  /** Kills and removes the container and releases its directory. Idempotent, never throws. */
  destroy(container: ActionContainer): Promise<void>;

  /** Removes every container labelled with this invoker's id and their directories. Idempotent. */
  cleanup(): Promise<void>;

  /** Subscribes to lost connections (see the contract above); returns the unsubscribe function. */
  onConnectionLost(listener: ConnectionLostListener): () => void;
}
