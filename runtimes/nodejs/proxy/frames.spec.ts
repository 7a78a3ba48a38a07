// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Code, FrameReader, MAX_BODY_BYTES, encodeFrame, parseJsonPayload } = require('./frames');

type Frame = { code: number; payload?: Buffer; oversize?: boolean };

function frameBytes(code: number, text: string): Buffer {
  return Buffer.concat(encodeFrame(code, Buffer.from(text)));
}

describe('proxy frames', () => {
  it('reads frames split at every byte and several frames in one chunk', () => {
    const frames: Frame[] = [];
    const reader = new FrameReader((f: Frame) => frames.push(f));
    const bytes = Buffer.concat([frameBytes(Code.INIT, '{"a":1}'), frameBytes(Code.RUN, ''), frameBytes(Code.RUN, '{"b":2}')]);
    for (let i = 0; i < 10; i++) reader.push(bytes.subarray(i, i + 1));
    reader.push(bytes.subarray(10));
    expect(frames.map((f) => [f.code, f.payload!.toString()])).toEqual([
      [Code.INIT, '{"a":1}'],
      [Code.RUN, ''],
      [Code.RUN, '{"b":2}'],
    ]);
  });

  it('skips an oversized payload without keeping it and stays in step', () => {
    const frames: Frame[] = [];
    const reader = new FrameReader((f: Frame) => frames.push(f), 4);
    reader.push(frameBytes(Code.RUN, '0123456789'));
    reader.push(frameBytes(Code.RUN, '{}'));
    expect(frames).toEqual([{ code: Code.RUN, oversize: true }, { code: Code.RUN, payload: Buffer.from('{}') }]);
    expect(MAX_BODY_BYTES).toBe(64 * 1024 * 1024);
  });

  it('parses JSON payloads: empty is {}, invalid is a 400', () => {
    expect(parseJsonPayload(Buffer.alloc(0))).toEqual({});
    expect(parseJsonPayload(Buffer.from('{"x":[1]}'))).toEqual({ x: [1] });
    expect(() => parseJsonPayload(Buffer.from('{no'))).toThrow(expect.objectContaining({ status: 400 }));
  });
});
