import type { NextFunction, Request, Response } from 'express';
import { BadRequestError, Messages } from '@wisp/core';
import { assertSafeJson } from './request-json';

/** A NUL in the path, raw or percent-encoded (percent-decoding can never produce a lone surrogate: it throws). */
const NUL_IN_PATH = /%00|\u0000/i;

/**
 * Refuses a request whose path or query string holds NUL or a lone surrogate (400) before any route runs, so no
 * name, filter or paging value with such text reaches PostgreSQL or an action.
 */
export function requestTextMiddleware(req: Request, _res: Response, next: NextFunction): void {
  try {
    if (NUL_IN_PATH.test(req.path)) throw new BadRequestError(Messages.badCharacter('the path'));
    assertSafeJson(req.query, 'the query string');
    next();
  } catch (e) {
    next(e);
  }
}
