/** Receives the decoded body; `piece` is a view of the input, valid only during the call (a receiver copies what it keeps). */
export type ChunkedBodySink = (piece: Buffer) => void;

/** Thrown by {@link ChunkedDecoder.write} when the bytes are not HTTP/1.1 chunked transfer coding. */
export class ChunkedEncodingError extends Error {}

const CR = 13;
const LF = 10;
/** A chunk-size line (hex size, optional extensions) or a trailer line longer than this is refused. */
const MAX_LINE_BYTES = 4096;
/** 13 hex digits: a chunk of up to 2^52 bytes, still an exact JavaScript number. */
const MAX_SIZE_DIGITS = 13;

type State = 'size' | 'extension' | 'sizeEnd' | 'data' | 'dataCr' | 'dataLf' | 'trailer' | 'trailerEnd' | 'done';

/**
 * Decodes HTTP/1.1 chunked transfer coding (RFC 9112 §7.1) as bytes arrive, **without holding any of them**: data
 * bytes go to the sink as views of the input, and the framing is parsed one byte at a time into a few numbers, so the
 * decoder allocates nothing per chunk whatever the sizes. Extensions and trailers are read and ignored.
 */
export class ChunkedDecoder {
  private state: State = 'size';
  private size = 0;
  private digits = 0;
  private remaining = 0;
  private lineBytes = 0;

  constructor(private readonly sink: ChunkedBodySink) {}

  /** True once the last chunk and its trailers were read: the body is complete. */
  get done(): boolean {
    return this.state === 'done';
  }

  /** Consumes `bytes` (valid only during the call); returns how many belonged to the body (the rest follows it). @throws ChunkedEncodingError */
  write(bytes: Buffer): number {
    let at = 0;
    while (at < bytes.length && this.state !== 'done') {
      if (this.state === 'data') {
        const take = Math.min(this.remaining, bytes.length - at);
        this.sink(bytes.subarray(at, at + take));
        this.remaining -= take;
        at += take;
        if (this.remaining === 0) this.state = 'dataCr';
        continue;
      }
      this.step(bytes[at++]);
    }
    return at;
  }

  /** One byte of framing (everything but chunk data). */
  private step(byte: number): void {
    switch (this.state) {
      case 'size':
        if (byte === CR || byte === 59 /* ; */ || byte === 32 || byte === 9) {
          if (this.digits === 0) throw new ChunkedEncodingError('a chunk size has no digits');
          this.state = byte === CR ? 'sizeEnd' : 'extension';
        } else this.addDigit(byte);
        return this.countLine();
      case 'extension':
        if (byte === CR) this.state = 'sizeEnd';
        return this.countLine();
      case 'sizeEnd':
        this.expect(byte, LF);
        this.lineBytes = 0;
        this.remaining = this.size;
        this.size = this.digits = 0;
        this.state = this.remaining === 0 ? 'trailer' : 'data';
        return;
      case 'dataCr':
        this.expect(byte, CR);
        this.state = 'dataLf';
        return;
      case 'dataLf':
        this.expect(byte, LF);
        this.state = 'size';
        return;
      case 'trailer':
        // An empty line ends the body; any other line is a trailer field, skipped.
        if (byte === CR) this.state = 'trailerEnd';
        else this.countLine();
        return;
      case 'trailerEnd':
        this.expect(byte, LF);
        this.state = this.lineBytes === 0 ? 'done' : 'trailer';
        this.lineBytes = 0;
        return;
    }
  }

  private addDigit(byte: number): void {
    const value = byte >= 48 && byte <= 57 ? byte - 48 : byte >= 97 && byte <= 102 ? byte - 87 : byte >= 65 && byte <= 70 ? byte - 55 : -1;
    if (value < 0) throw new ChunkedEncodingError(`a chunk size holds the byte 0x${byte.toString(16)}`);
    if (++this.digits > MAX_SIZE_DIGITS) throw new ChunkedEncodingError('a chunk size is too large');
    this.size = this.size * 16 + value;
  }

  private countLine(): void {
    if (++this.lineBytes > MAX_LINE_BYTES) throw new ChunkedEncodingError('a chunk-size or trailer line is too long');
  }

  private expect(byte: number, wanted: number): void {
    if (byte !== wanted) throw new ChunkedEncodingError(`expected ${wanted === CR ? 'CR' : 'LF'} in the chunk framing, got 0x${byte.toString(16)}`);
  }
}
