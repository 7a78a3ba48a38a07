import { randomUUID } from 'node:crypto';
import type { NextFunction, Response } from 'express';
import type { WispRequest } from './request-context';

const VALID = /^[\w.:-]{1,128}$/;

/** Gives every request a transaction id (honouring a sane client `X-Request-ID`) and echoes it on the response. */
export function requestIdMiddleware(req: WispRequest, res: Response, next: NextFunction): void {
  const given = req.header('x-request-id');
  req.requestId = given && VALID.test(given) ? given : randomUUID().replace(/-/g, '');
  res.setHeader('X-Request-ID', req.requestId);
  next();
}
