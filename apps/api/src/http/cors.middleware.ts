import type { NextFunction, Request, Response } from 'express';
import { WEB_PREFIX } from './body-parser';

/** OpenWhisk's REST CORS headers on every response; any OPTIONS request is answered 200. Web actions do their own. */
export function corsMiddleware(req: Request, res: Response, next: NextFunction): void {
  if (req.path.startsWith(WEB_PREFIX)) {
    next();
    return;
  }
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Access-Control-Allow-Headers', 'Authorization, Origin, X-Requested-With, Content-Type, Accept, User-Agent');
  res.setHeader('Access-Control-Allow-Methods', 'GET, DELETE, POST, PUT, HEAD');
  if (req.method === 'OPTIONS') {
    res.status(200).end();
    return;
  }
  next();
}
