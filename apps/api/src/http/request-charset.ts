import { TextDecoder } from 'node:util';
import { Messages, UnsupportedMediaTypeError } from '@wisp/core';

/** The `charset` parameter of a Content-Type header, quoted or not. */
const CHARSET = /;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]*))/i;

/**
 * The decoder for a request body's declared charset (UTF-8 when none is declared). Any label of the WHATWG Encoding
 * Standard is accepted (`utf-8`, `utf-16le`, `iso-8859-1`, …); invalid byte sequences decode to U+FFFD.
 * @throws UnsupportedMediaTypeError (415) for an unknown charset, or one that decodes nothing (`replacement`).
 */
export function bodyDecoder(contentType: string | undefined): TextDecoder {
  const m = contentType ? CHARSET.exec(contentType) : null;
  const label = m ? (m[1] ?? m[2] ?? '') : 'utf-8';
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label);
  } catch {
    throw new UnsupportedMediaTypeError(Messages.unsupportedCharset(printable(label)));
  }
  if (decoder.encoding === 'replacement') throw new UnsupportedMediaTypeError(Messages.unsupportedCharset(printable(label)));
  return decoder;
}

/** Decodes `body` with the charset its Content-Type declares. @throws UnsupportedMediaTypeError as {@link bodyDecoder}. */
export function decodeBody(body: Buffer, contentType: string | undefined): string {
  return bodyDecoder(contentType).decode(body);
}

/** A header value fit to echo in an error text: short and without control characters. */
function printable(s: string): string {
  return s.replace(/[^\x20-\x7e]/g, '?').slice(0, 64);
}
