import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';

/** Any UTF-16 code units, so NUL and lone surrogates of both halves come up often. */
export const utf16Text = fc.array(fc.oneof(fc.integer({ min: 0, max: 0xffff }), fc.constantFrom(0, 0xd800, 0xdbff, 0xdc00, 0xdfff)), { maxLength: 6 }).map((units) => String.fromCharCode(...units));

/** JSON text holding hostile strings in values and keys (JSON.stringify escapes NUL and lone surrogates as `\uXXXX`). */
export const hostileJson = fc
  .dictionary(utf16Text, fc.oneof(utf16Text, fc.integer(), fc.array(utf16Text, { maxLength: 3 })), { maxKeys: 4 })
  .map((o) => JSON.stringify(o));

/** JSON nested from shallow to far past the 100-level limit. */
export const nestedJson = fc.integer({ min: 1, max: 5_000 }).map((n) => `{"a":${'['.repeat(n)}${']'.repeat(n)}}`);

/** A request body: plain, hostile or deep JSON. */
export const jsonBody = fc.oneof(fc.constant('{"fine":true}'), hostileJson, nestedJson);

/** Content-Type values with supported, unknown and malformed charsets. */
export const contentType = fc.oneof(
  { arbitrary: fc.constantFrom('application/json', 'application/json; charset=utf-8'), weight: 6 },
  fc.constantFrom('utf-8', 'UTF-8', 'utf-16le', 'iso-8859-1', 'us-ascii', 'utf-99', 'x-none', 'iso-2022-kr', '', '"utf-8"', 'utf-8;x').map((c) => `application/json; charset=${c}`),
  fc.string({ maxLength: 12 }).map((c) => `application/json; charset=${c}`),
);

/** Content-Encoding values, mostly known ones so the bodies behind them get decoded and judged too. */
export const contentEncoding = fc.oneof(
  { arbitrary: fc.constant('identity'), weight: 4 },
  { arbitrary: fc.constantFrom('gzip', 'deflate', 'br', 'GZIP'), weight: 3 },
  { arbitrary: fc.constantFrom('compress', 'zip', 'gzip, br', 'x-custom'), weight: 1 },
);

/** How the body bytes are then spoiled: left whole, a byte flipped, or cut short. */
export const spoil = fc.oneof({ arbitrary: fc.constant<'whole' | 'flip' | 'truncate'>('whole'), weight: 4 }, fc.constantFrom<'whole' | 'flip' | 'truncate'>('flip', 'truncate'));

/** Body bytes for `encoding`, compressed as it says when it names a real codec, then maybe corrupted or truncated. */
export function encodedBody(text: string, encoding: string, how: 'whole' | 'flip' | 'truncate'): Buffer {
  const plain = Buffer.from(text, 'utf8');
  const codec: Record<string, (b: Buffer) => Buffer> = { gzip: gzipSync, deflate: deflateSync, br: brotliCompressSync };
  const bytes = codec[encoding.toLowerCase()]?.(plain) ?? plain;
  if (how === 'flip' && bytes.length > 2) {
    const copy = Buffer.from(bytes);
    copy[Math.floor(copy.length / 2)] ^= 0x5a;
    return copy;
  }
  return how === 'truncate' ? bytes.subarray(0, Math.max(1, Math.floor(bytes.length / 2))) : bytes;
}

/** A whole hostile body: its text, Content-Type, Content-Encoding and bytes. */
export const hostileBody = fc.record({ text: jsonBody, contentType, encoding: contentEncoding, how: spoil }).map((b) => ({
  headers: { 'content-type': b.contentType, 'content-encoding': b.encoding },
  bytes: encodedBody(b.text, b.encoding, b.how),
}));

/** Numeric query values in and far out of range. */
export const queryNumber = fc.oneof(
  fc.integer({ min: -5, max: 250 }).map(String),
  fc.bigInt({ min: 10n ** 15n, max: 10n ** 30n }).map(String),
  fc.constantFrom('1e308', 'NaN', '-1', 'Infinity', '0x10', '9007199254740993', '1.5', ''),
  fc.double().map(String),
);

/** A path or query piece that may hold a NUL, raw or %-encoded. */
export const nulPiece = fc.constantFrom('a%00b', '%00', 'x%2500', 'ok', 'a%C0%80', 'b%ED%A0%80');
