import { json } from 'express';
import type { RequestHandler } from 'express';
import { SystemLimits } from '@wisp/core';

/** Largest HTTP body accepted at all: action code (48 MB) as base64 plus the JSON around it. */
export const MAX_HTTP_BODY_BYTES = Math.ceil(SystemLimits.codeMaxBytes * 1.4);

/** JSON body parser for the REST API; parse and size failures reach the exception filter as Express errors. */
export function jsonBodyParser(): RequestHandler {
  return json({ limit: MAX_HTTP_BODY_BYTES, strict: false, type: () => true });
}
