import type { ActionContainer, ContainerSpec } from '../containers/container-factory';
import type { SelectableEntry } from './pool-selection';

/**
 * One stored row a container was initialised from: the action's code, or a package or binding whose parameters went
 * into its `/init` environment. When the row's revision moves on (or the row is gone), the container is stale.
 */
export interface SourceRevision {
  table: 'actions' | 'packages';
  id: string;
  revision: number;
}

/** What a run asks the pool for. */
export interface ContainerRequest {
  key: string;
  kind: string;
  image: string;
  memoryMb: number;
  /** Exec-allowed tmpfs of native actions (see {@link ContainerSpec.execDir}). */
  execDir?: ContainerSpec['execDir'];
  /** How the image is reached (see {@link ContainerSpec.protocol}). */
  protocol?: ContainerSpec['protocol'];
  /** Labels for a new container (action path, kind). */
  labels: Record<string, string>;
  /** The rows it is initialised from, so the pool can drop containers whose action or init parameters changed. */
  sources?: SourceRevision[];
}

/** How the leased container was obtained; `prewarm` and `cold` still need `/init`. */
export type LeaseOrigin = 'warm' | 'resumed' | 'prewarm' | 'cold';

/** A container handed to exactly one run until `release`. */
export interface Lease {
  readonly container: ActionContainer;
  readonly origin: LeaseOrigin;
}

/** The pool's record of one container (starting ones have none yet). */
export interface PoolEntry extends SelectableEntry {
  container?: ActionContainer;
  sources?: SourceRevision[];
  /** A source changed or is gone: destroyed on release instead of kept warm. */
  stale?: boolean;
  /** Its proxy connection broke while it was leased: destroyed on release (idle ones are removed at once). */
  broken?: boolean;
  /** Pause in progress (started by the grace timer); a resume waits for it. */
  pausing?: Promise<void>;
  timers: NodeJS.Timeout[];
}

/** The {@link Lease} the pool hands out: it remembers its entry for `release`. */
export class PooledLease implements Lease {
  constructor(
    readonly entry: PoolEntry,
    readonly container: ActionContainer,
    readonly origin: LeaseOrigin,
  ) {}
}
