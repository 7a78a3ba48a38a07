import type { TextDecoder } from 'node:util';
import { raw } from 'express';
import type { Request, RequestHandler } from 'express';
import { SystemLimits } from '@wisp/core';
import { toBodyReadError } from './body-read-error';
import { bodyDecoder } from './request-charset';
import { parseRequestJson } from './request-json';

/** Largest HTTP body accepted at all: action code (48 MB) as base64 plus the JSON around it. */
export const MAX_HTTP_BODY_BYTES = Math.ceil(SystemLimits.codeMaxBytes * 1.4);

/** Path prefix of web actions, whose bodies are handed to the action as they came. */
export const WEB_PREFIX = '/api/v1/web/';

/** Path prefix of the GitHub receiver, whose deliveries may be as large as GitHub sends (25 MB). */
export const GITHUB_PREFIX = '/api/v1/feeds/github/';

/** Paths whose bodies stay raw bytes: web actions, and GitHub deliveries (signed over their exact bytes). */
const RAW_PREFIXES = [WEB_PREFIX, GITHUB_PREFIX];

/**
 * Decides, from the path and headers alone, whether a GitHub delivery's body may be read at all: it rejects (404 for
 * an unknown subscription, 401 without a signature) before a single byte of an unauthenticated 25 MB body is read.
 */
export type GithubBodyGate = (subscriptionId: string, headers: Request['headers']) => Promise<void>;

/** Options of {@link bodyParser}. */
export interface BodyParserOptions {
  /** Checked before a GitHub delivery's body is read; without it (tests of the parser alone) every delivery is read. */
  githubGate?: GithubBodyGate;
}

/**
 * Body parsing, the edge every request's bytes pass before anything else sees them. Bytes are read once (gzip,
 * deflate and br inflated, limits counted after inflation); the declared charset must be one Wisp can decode (415),
 * even for raw bodies. REST bodies are then decoded and parsed as JSON of any type with {@link parseRequestJson}'s
 * depth and text checks; web actions and GitHub deliveries keep their raw bytes (web actions check what they parse).
 * Every failure reaches the exception filter as a domain error: 415, 413 or 400, never a 500.
 */
export function bodyParser(options: BodyParserOptions = {}): RequestHandler {
  const readJson = raw({ limit: MAX_HTTP_BODY_BYTES, type: () => true });
  const readRaw = raw({ limit: SystemLimits.payloadMaxBytes, type: () => true });
  const readDelivery = raw({ limit: SystemLimits.githubDeliveryMaxBytes, type: () => true });
  return (req, res, next) => {
    const gate = options.githubGate;
    if (!gate || req.method !== 'POST' || !req.path.startsWith(GITHUB_PREFIX)) return read(req, res, next);
    gate(req.path.slice(GITHUB_PREFIX.length), req.headers).then(
      () => read(req, res, next),
      (e: unknown) => {
        // The body is never read: the connection closes after the answer instead of draining up to 25 MB.
        res.setHeader('Connection', 'close');
        next(e);
      },
    );
  };

  function read(req: Request, res: Parameters<RequestHandler>[1], next: Parameters<RequestHandler>[2]): void {
    const isRaw = RAW_PREFIXES.some((p) => req.path.startsWith(p));
    const isDelivery = req.method === 'POST' && req.path.startsWith(GITHUB_PREFIX);
    (isDelivery ? readDelivery : isRaw ? readRaw : readJson)(req, res, (err?: unknown) => {
      if (err) return next(toBodyReadError(err));
      try {
        if (Buffer.isBuffer(req.body)) {
          const decoder = bodyDecoder(req.header('content-type'));
          if (!isRaw) req.body = jsonBody(req, decoder);
        }
        next();
      } catch (e) {
        next(e);
      }
    });
  }
}

function jsonBody(req: Request, decoder: TextDecoder): unknown {
  const text = decoder.decode(req.body as Buffer);
  return text.length === 0 ? {} : parseRequestJson(text);
}
