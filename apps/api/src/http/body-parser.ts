import { json, raw } from 'express';
import type { RequestHandler } from 'express';
import { SystemLimits } from '@wisp/core';

/** Largest HTTP body accepted at all: action code (48 MB) as base64 plus the JSON around it. */
export const MAX_HTTP_BODY_BYTES = Math.ceil(SystemLimits.codeMaxBytes * 1.4);

/** Path prefix of web actions, whose bodies are handed to the action as they came. */
export const WEB_PREFIX = '/api/v1/web/';

/** Paths whose bodies stay raw bytes: web actions, and GitHub deliveries (signed over their exact bytes). */
const RAW_PREFIXES = [WEB_PREFIX, '/api/v1/feeds/github/'];

/**
 * Body parsing: JSON for the REST API, raw bytes for web actions (they decide what a body means).
 * Parse and size failures reach the exception filter as Express errors.
 */
export function bodyParser(): RequestHandler {
  const asJson = json({ limit: MAX_HTTP_BODY_BYTES, strict: false, type: () => true });
  const asRaw = raw({ limit: SystemLimits.payloadMaxBytes, type: () => true });
  return (req, res, next) => (RAW_PREFIXES.some((p) => req.path.startsWith(p)) ? asRaw(req, res, next) : asJson(req, res, next));
}
