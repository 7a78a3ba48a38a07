import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { Messages, WispError } from '@wisp/core';
import type { WispRequest } from './request-context';
import type { OutageMapping } from './store-outage.mapping';

/**
 * The one place errors become responses: `{error, code: <request id>}` with the right status.
 * Domain errors carry their status (the body parser turns every failure to read a body into one, see
 * `toBodyReadError`); Nest's own HTTP exceptions (unknown route, wrong method) keep their status with OpenWhisk's
 * texts; an unreachable store is a 503 (see `outage`); anything else is a 500 with a generic text and one logged stack.
 * Every 503 is transient (no invoker, a store out, a delivery to retry), so every 503 carries `Retry-After`: the
 * error's own, else `retryAfterS`.
 */
@Catch()
export class WispExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(
    private readonly outage: OutageMapping = () => undefined,
    private readonly retryAfterS = 5,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<WispRequest>();
    const res = ctx.getResponse<Response>();
    const { status, message, headers } = this.describe(exception, req);
    if (res.headersSent) return;
    for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
    if (status === 503 && !('Retry-After' in headers)) res.setHeader('Retry-After', String(this.retryAfterS));
    res.status(status).json({ error: message, code: req.requestId });
  }

  private describe(error: unknown, req: WispRequest): { status: number; message: string; headers: Record<string, string> } {
    const outage = this.outage(error);
    if (outage) this.logger.warn(`[${req.requestId}] ${req.method} ${req.originalUrl}: ${outage.store} unavailable (${(error as Error)?.message})`);
    const e = outage ?? error;
    if (e instanceof WispError) return { status: e.httpStatus, message: e.message, headers: e.headers };
    if (e instanceof HttpException) {
      const status = e.getStatus();
      // Nest turns a bad %-encoding in a route parameter into a plain 400 before filters see it.
      if (status === 400) return { status, message: Messages.malformedRequest(e.message), headers: {} };
      if (status === 404) return { status, message: Messages.resourceDoesNotExist, headers: {} };
      if (status === 405) return { status, message: Messages.methodNotAllowed, headers: {} };
      if (status < 500) return { status, message: e.message, headers: {} };
    }
    this.logger.error(`[${req.requestId}] ${req.method} ${req.originalUrl}: ${(e as Error)?.stack ?? String(e)}`);
    return { status: 500, message: Messages.internal, headers: {} };
  }
}
