import type { NextFunction, Request, Response } from 'express';

/** OpenWhisk's REST CORS headers on every response; any OPTIONS request is answered 200. */
export function corsMiddleware(req: Request, res: Response, next: NextFunction): void {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Access-Control-Allow-Headers', 'Authorization, Origin, X-Requested-With, Content-Type, Accept, User-Agent');
  res.setHeader('Access-Control-Allow-Methods', 'GET, DELETE, POST, PUT, HEAD');
  if (req.method === 'OPTIONS') {
    res.status(200).end();
    return;
  }
  next();
}
