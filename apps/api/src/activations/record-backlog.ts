import { Messages, StoreUnavailableError } from '@wisp/core';

/** Room taken in a {@link RecordBacklog} for one record; `release` gives it back (idempotent). */
export interface BacklogSlot {
  readonly bytes: number;
  release(): void;
}

/**
 * Bounds the activation records this controller accepted but PostgreSQL has not committed yet (a trigger fire answers
 * once its rules' messages are confirmed, and its own record may wait for PostgreSQL in memory). A slot is reserved
 * before anything is queued, so a full backlog refuses the work (503 naming PostgreSQL) instead of holding a record it
 * could not keep; the slot is released when the record is committed or refused for its content.
 */
export class RecordBacklog {
  private used = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly retryAfterS: number,
  ) {}

  /** Bytes held now. */
  get bytes(): number {
    return this.used;
  }

  /** Takes `bytes` of room. @throws StoreUnavailableError (PostgreSQL) when they do not fit. */
  reserve(bytes: number): BacklogSlot {
    if (this.used + bytes > this.maxBytes) {
      throw new StoreUnavailableError('PostgreSQL', this.retryAfterS, Messages.recordBacklogFull);
    }
    this.used += bytes;
    let held = true;
    return {
      bytes,
      release: () => {
        if (!held) return;
        held = false;
        this.used -= bytes;
      },
    };
  }
}
