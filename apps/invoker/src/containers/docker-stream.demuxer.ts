/** Which output a piece of a multiplexed Docker stream belongs to. */
export type DemuxedStream = 'stdout' | 'stderr';

const HEADER_BYTES = 8;

/**
 * Splits Docker's multiplexed attach/logs stream (8-byte frame headers: stream type, 3 zero bytes, big-endian payload
 * length) into stdout and stderr pieces **without holding a frame**: payload bytes are handed on as they arrive, so
 * memory stays at one header however large a frame claims to be. (docker-modem's demuxer concatenates every chunk
 * until the frame is complete, which costs a frame's size and quadratic copying.) Bytes that do not start with a valid
 * header (a TTY stream) are passed through as stdout, as Docker's own clients do.
 */
export class DockerStreamDemuxer {
  private readonly header = Buffer.alloc(HEADER_BYTES);
  private headerFill = 0;
  private remaining = 0;
  private current: DemuxedStream | undefined;
  private raw = false;

  constructor(private readonly sink: (stream: DemuxedStream, piece: Buffer) => void) {}

  /** Consumes one chunk of the engine's stream; pieces go to the sink synchronously, in order. */
  write(chunk: Buffer): void {
    if (this.raw) {
      this.sink('stdout', chunk);
      return;
    }
    let at = 0;
    while (at < chunk.length) {
      if (this.remaining === 0) {
        const take = Math.min(HEADER_BYTES - this.headerFill, chunk.length - at);
        chunk.copy(this.header, this.headerFill, at, at + take);
        this.headerFill += take;
        at += take;
        if (this.headerFill < HEADER_BYTES) return;
        this.headerFill = 0;
        const type = this.header[0];
        if (type > 2) {
          this.raw = true;
          this.sink('stdout', Buffer.concat([this.header, chunk.subarray(at)]));
          return;
        }
        // stdin (0) never appears in logs; treat it like stdout rather than dropping bytes silently.
        this.current = type === 2 ? 'stderr' : 'stdout';
        this.remaining = this.header.readUInt32BE(4);
        continue;
      }
      const take = Math.min(this.remaining, chunk.length - at);
      this.sink(this.current!, chunk.subarray(at, at + take));
      this.remaining -= take;
      at += take;
    }
  }
}
