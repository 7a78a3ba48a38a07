import { DemuxedStream, DockerStreamDemuxer } from './docker-stream.demuxer';

const frame = (type: number, payload: string | Buffer) => {
  const body = typeof payload === 'string' ? Buffer.from(payload) : payload;
  const header = Buffer.alloc(8);
  header[0] = type;
  header.writeUInt32BE(body.length, 4);
  return Buffer.concat([header, body]);
};

function collect(): { demuxer: DockerStreamDemuxer; out: Record<DemuxedStream, string>; pieces: Buffer[] } {
  const out: Record<DemuxedStream, string> = { stdout: '', stderr: '' };
  const pieces: Buffer[] = [];
  const demuxer = new DockerStreamDemuxer((stream, piece) => {
    out[stream] += piece.toString();
    pieces.push(piece);
  });
  return { demuxer, out, pieces };
}

describe('DockerStreamDemuxer', () => {
  it('splits frames into stdout and stderr however the chunks are cut', () => {
    const bytes = Buffer.concat([frame(1, 'hello '), frame(2, 'oops'), frame(1, 'world'), frame(2, '')]);
    for (const size of [1, 3, 7, 8, 9, bytes.length]) {
      const { demuxer, out } = collect();
      for (let at = 0; at < bytes.length; at += size) demuxer.write(bytes.subarray(at, at + size));
      expect(out).toEqual({ stdout: 'hello world', stderr: 'oops' });
    }
  });

  it('hands on the payload of a frame as it arrives instead of holding the frame', () => {
    const { demuxer, pieces } = collect();
    const header = frame(1, Buffer.alloc(0));
    header.writeUInt32BE(1_000_000_000, 4);
    demuxer.write(header);
    for (let i = 1; i <= 100; i++) {
      demuxer.write(Buffer.alloc(1000, 'a'));
      expect(pieces.reduce((n, p) => n + p.length, 0)).toBe(i * 1000);
    }
    expect(pieces.every((p) => p.length <= 1000)).toBe(true);
  });

  it('passes a stream without frame headers (a TTY) through as stdout', () => {
    const { demuxer, out } = collect();
    demuxer.write(Buffer.from('plain text, no headers'));
    demuxer.write(Buffer.from(' and more'));
    expect(out).toEqual({ stdout: 'plain text, no headers and more', stderr: '' });
  });
});
