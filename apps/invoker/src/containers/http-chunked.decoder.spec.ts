import { ChunkedDecoder, ChunkedEncodingError } from './http-chunked.decoder';

/** Decodes `wire` fed in pieces of `step` bytes; returns the body, whether it completed, and the bytes past it. */
function decode(wire: Buffer | string, step = Number.MAX_SAFE_INTEGER): { body: string; done: boolean; after: string } {
  const bytes = Buffer.isBuffer(wire) ? wire : Buffer.from(wire, 'latin1');
  const pieces: Buffer[] = [];
  const decoder = new ChunkedDecoder((piece) => pieces.push(Buffer.from(piece)));
  let after = '';
  for (let at = 0; at < bytes.length; at += step) {
    const input = bytes.subarray(at, at + step);
    const used = decoder.write(input);
    after += input.subarray(used).toString('latin1');
  }
  return { body: Buffer.concat(pieces).toString('latin1'), done: decoder.done, after };
}

/** Encodes `parts` as chunks (hex sizes as given by `hex`), then the last chunk and `trailer`. */
function chunked(parts: string[], options: { hex?: (n: number) => string; trailer?: string } = {}): string {
  const hex = options.hex ?? ((n: number) => n.toString(16));
  return parts.map((p) => `${hex(p.length)}\r\n${p}\r\n`).join('') + `0\r\n${options.trailer ?? ''}\r\n`;
}

describe('ChunkedDecoder', () => {
  const parts = ['hello', 'x'.repeat(300), '\r\n0\r\n\r\n', 'é'];
  const wire = chunked(parts);

  it.each([1, 2, 3, 7, 64, 1 << 20])('decodes a body fed %i bytes at a time, and stops at its end', (step) => {
    expect(decode(wire + 'NEXT', step)).toEqual({ body: parts.join(''), done: true, after: 'NEXT' });
  });

  it('reads upper-case sizes with leading zeros, extensions and trailers', () => {
    const upper = chunked(['a'.repeat(171)], { hex: (n) => `00${n.toString(16).toUpperCase()};name="v";x`, trailer: 'X-Checksum: 1\r\nX-Other: 2\r\n' });
    expect(upper.startsWith('00AB;')).toBe(true);
    expect(decode(upper, 5)).toEqual({ body: 'a'.repeat(171), done: true, after: '' });
  });

  it('is not done before the last chunk and its empty line', () => {
    expect(decode('5\r\nhello\r\n0\r\n')).toEqual({ body: 'hello', done: false, after: '' });
  });

  it('hands data on as views of the input, without copying', () => {
    const input = Buffer.from('4\r\nabcd\r\n', 'latin1');
    const seen: Buffer[] = [];
    new ChunkedDecoder((piece) => seen.push(piece)).write(input);
    expect(seen).toHaveLength(1);
    expect(seen[0].buffer).toBe(input.buffer);
    expect(seen[0].byteOffset).toBe(input.byteOffset + 3);
  });

  it.each([
    ['a size with no digits', '\r\nabc\r\n'],
    ['a size that is not hex', '1g\r\n'],
    ['a size past 2^52', '10000000000000\r\n'],
    ['data not followed by CRLF', '3\r\nabcX\r\n'],
    ['a bare LF after the size', '3\nabc'],
    ['an endless size line', `1;${'e'.repeat(5000)}`],
    ['an endless trailer', `0\r\n${'t'.repeat(5000)}`],
  ])('refuses %s', (_, bad) => {
    expect(() => decode(bad)).toThrow(ChunkedEncodingError);
  });
});
