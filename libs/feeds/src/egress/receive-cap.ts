import type { Socket } from 'node:net';
import { FeedEgressMessages } from '@wisp/core';
import { FeedLimitError } from './feed-connector';

/**
 * A bound on the bytes a feed connection receives while its peer is unproven (before a PostgreSQL server passed
 * the identity check, say): a hostile server cannot make a library buffer one huge message first. `lift` ends it.
 */
export class ReceiveCap {
  private received = 0;
  private lifted = false;

  constructor(readonly maxBytes: number) {}

  /** The peer proved what it is: no more counting. */
  lift(): void {
    this.lifted = true;
  }

  /** Counts `bytes`; true once more than `maxBytes` arrived before {@link lift}. */
  exceededBy(bytes: number): boolean {
    if (this.lifted) return false;
    this.received += bytes;
    return this.received > this.maxBytes;
  }
}

/**
 * Applies `cap` to what `socket` hands its reader: past it the socket is destroyed with a {@link FeedLimitError}
 * before the bytes reach the library. It hooks `push` (where a socket delivers what it read) rather than adding a
 * `data` listener, which would start the stream flowing before the library listens.
 */
export function capReceive(socket: Socket, cap: ReceiveCap): void {
  const push = socket.push.bind(socket);
  socket.push = (chunk: unknown, encoding?: BufferEncoding) => {
    if (chunk !== null && cap.exceededBy((chunk as Buffer).length)) {
      socket.destroy(new FeedLimitError(FeedEgressMessages.receivedTooMuch(cap.maxBytes)));
      return false;
    }
    return push(chunk, encoding);
  };
}
