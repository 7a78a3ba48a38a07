import type { NextFunction, Response } from 'express';
import { type LogContext, withLogContext, type WispLogger } from '@wisp/core';
import type { HttpMetrics } from '../metrics/http.metrics';
import type { WispRequest } from './request-context';

/** Methods outside this set are counted as `OTHER`, so a client cannot invent label values. */
const METHODS = new Set(['GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS']);

/** The route template Express matched (`/api/v1/namespaces/:namespace/actions/:name`), or `unmatched`. */
export function routeTemplate(req: WispRequest): string {
  const path = (req.route as { path?: unknown } | undefined)?.path;
  return typeof path === 'string' ? `${req.baseUrl}${path}` : 'unmatched';
}

/**
 * Runs the rest of the request inside its log context (every line carries the transaction id), then writes one
 * access-log line and moves the HTTP metrics when the response is sent. Needs {@link requestIdMiddleware} before it.
 */
export function accessLogMiddleware(logger: WispLogger, metrics: HttpMetrics) {
  return (req: WispRequest, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    const context = { transactionId: req.requestId } as LogContext;
    const done = (): void => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const method = METHODS.has(req.method) ? req.method : 'OTHER';
      const route = routeTemplate(req);
      metrics.observe(route, method, res.statusCode, seconds);
      const fields = { method, path: req.originalUrl.split('?')[0], route, status: res.statusCode, ms: Math.round(seconds * 10_000) / 10, bytes: Number(res.getHeader('content-length') ?? 0) };
      withLogContext(context, () =>
        logger.line('info', { ...fields, access: true }, `${method} ${fields.path} ${res.statusCode} ${fields.ms} ms`),
      );
    };
    res.once('finish', done);
    withLogContext(context, () => next());
  };
}
