/** Which output a piece of a multiplexed Docker stream belongs to. */
export type DemuxedStream = 'stdout' | 'stderr';

/**
 * Receives the pieces of the stream in order; `frameStart` marks the first piece of a frame. A piece is a view that is
 * valid only during the call (a receiver copies what it keeps), so nothing is allocated per frame.
 */
export type DemuxSink = (stream: DemuxedStream, piece: Buffer, frameStart: boolean) => void;

const HEADER_BYTES = 8;
/**
 * The first piece of each frame holds at least this many bytes (or the whole frame when shorter), so a reader can
 * see a frame's leading timestamp (`2006-01-02T15:04:05.999999999+07:00 `, at most 36 bytes) in one piece.
 */
export const FRAME_HEAD_BYTES = 40;

/**
 * Splits Docker's multiplexed attach/logs stream (8-byte frame headers: stream type, 3 zero bytes, big-endian payload
 * length) into stdout and stderr pieces **without holding a frame**: payload bytes are handed on as they arrive, so
 * memory stays at one header and {@link FRAME_HEAD_BYTES} however large a frame claims to be. (docker-modem's demuxer
 * concatenates every chunk until the frame is complete, which costs a frame's size and quadratic copying.) Frame
 * boundaries are kept: with `timestamps`, the engine writes one log message per frame, each starting with its
 * timestamp, including the 16 KB pieces it cuts a long line into. Bytes that do not start with a valid header (a TTY
 * stream) are passed through as stdout, as Docker's own clients do.
 */
export class DockerStreamDemuxer {
  private readonly header = Buffer.alloc(HEADER_BYTES);
  private readonly head = Buffer.alloc(FRAME_HEAD_BYTES);
  private headerFill = 0;
  private headFill = 0;
  /** Bytes of the frame's head still to gather before its first piece goes out. */
  private headWanted = 0;
  private remaining = 0;
  private current: DemuxedStream = 'stdout';
  private raw = false;

  constructor(private readonly sink: DemuxSink) {}

  /** Consumes one chunk of the engine's stream; pieces go to the sink synchronously, in order. */
  write(chunk: Buffer): void {
    if (this.raw) {
      this.sink('stdout', chunk, false);
      return;
    }
    let at = 0;
    while (at < chunk.length) {
      if (this.remaining === 0) {
        at = this.readHeader(chunk, at);
        continue;
      }
      if (this.headWanted > 0) {
        at = this.readHead(chunk, at);
        continue;
      }
      const take = Math.min(this.remaining, chunk.length - at);
      this.sink(this.current, chunk.subarray(at, at + take), false);
      this.remaining -= take;
      at += take;
    }
  }

  private readHeader(chunk: Buffer, at: number): number {
    const take = Math.min(HEADER_BYTES - this.headerFill, chunk.length - at);
    chunk.copy(this.header, this.headerFill, at, at + take);
    this.headerFill += take;
    at += take;
    if (this.headerFill < HEADER_BYTES) return at;
    this.headerFill = 0;
    const type = this.header[0];
    if (type > 2) {
      this.raw = true;
      this.sink('stdout', Buffer.concat([this.header, chunk.subarray(at)]), false);
      return chunk.length;
    }
    // stdin (0) never appears in logs; treat it like stdout rather than dropping bytes silently.
    this.current = type === 2 ? 'stderr' : 'stdout';
    this.remaining = this.header.readUInt32BE(4);
    this.headWanted = Math.min(this.remaining, FRAME_HEAD_BYTES);
    this.headFill = 0;
    return at;
  }

  /** Gathers the frame's head; once complete it goes out as the frame's first piece. */
  private readHead(chunk: Buffer, at: number): number {
    const take = Math.min(this.headWanted - this.headFill, chunk.length - at);
    chunk.copy(this.head, this.headFill, at, at + take);
    this.headFill += take;
    if (this.headFill < this.headWanted) return at + take;
    this.remaining -= this.headWanted;
    this.headWanted = 0;
    this.sink(this.current, this.head.subarray(0, this.headFill), true);
    return at + take;
  }
}
