/**
 * Looks at every chunk a feed connection receives, before the library reading it does, and may refuse it: the
 * connection is then destroyed with the reason. Guards count or parse; they never buffer.
 */
export interface ReceiveGuard {
  /** The reason to close the connection, or undefined to let `chunk` through. */
  inspect(chunk: Buffer): string | undefined;
}

/**
 * A bound on the bytes a connection receives while its peer is unproven (before a PostgreSQL server passed the
 * identity check, say): a hostile server cannot make a library buffer one huge message first. `lift` ends it.
 */
export class ReceiveCap implements ReceiveGuard {
  private received = 0;
  private lifted = false;

  constructor(
    readonly maxBytes: number,
    private readonly refusal: string,
  ) {}

  /** The peer proved what it is: no more counting. */
  lift(): void {
    this.lifted = true;
  }

  inspect(chunk: Buffer): string | undefined {
    if (this.lifted) return undefined;
    this.received += chunk.length;
    return this.received > this.maxBytes ? this.refusal : undefined;
  }
}
