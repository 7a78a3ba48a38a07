import { BadRequestError, Messages, PayloadTooLargeError, UnsupportedMediaTypeError, WispError } from '@wisp/core';

/** What body-parser's reader (raw-body, zlib) fails with: an http-errors error with a status and a type. */
interface ReadError {
  type?: string;
  status?: number;
  encoding?: string;
  length?: number;
  limit?: number;
  message?: string;
}

/**
 * Turns a failure to read a request body into a domain error: an unsupported Content-Encoding is 415, a body over
 * its limit (after decompression) is 413, a corrupt or truncated compressed body or an aborted upload is 400.
 * Errors that are not about reading the body are returned unchanged.
 */
export function toBodyReadError(e: unknown): unknown {
  if (e instanceof WispError) return e;
  const err = (e ?? {}) as ReadError;
  if (err.type === 'encoding.unsupported') return new UnsupportedMediaTypeError(Messages.unsupportedEncoding(String(err.encoding ?? '').slice(0, 64)));
  if (err.type === 'entity.too.large') return new PayloadTooLargeError(Messages.requestTooLarge(err.length ?? err.limit ?? 0, err.limit ?? 0));
  if (typeof err.status === 'number' && err.status >= 400 && err.status < 500) return new BadRequestError(Messages.corruptBody(err.message ?? 'unreadable'));
  return e;
}
