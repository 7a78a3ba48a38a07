import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { createReadStream } from 'node:fs';
import { Messages, NotFoundError } from '@wisp/core';
import { ConsoleAssetsService } from './console-assets.service';
import { CONSOLE_SECURITY_HEADERS, CORS_HEADERS } from './console-headers';

/**
 * `GET /console[/…]`: the web console, a single-page app that talks to the public REST API with the user's key.
 * Built files are served with their content type and caching headers; any other app route gets `index.html`.
 * No authentication here: the files hold no data, and the app asks for a key before calling the API.
 */
@Controller()
export class ConsoleController {
  constructor(@Inject(ConsoleAssetsService) private readonly assets: ConsoleAssetsService) {}

  @Get(['console', 'console/{*path}'])
  serve(@Req() req: Request, @Res() res: Response): void {
    for (const [k, v] of Object.entries(CONSOLE_SECURITY_HEADERS)) res.setHeader(k, v);
    for (const h of CORS_HEADERS) res.removeHeader(h);
    const sub = req.path === '/console' ? '' : req.path.slice('/console/'.length);
    const found = this.assets.lookup(sub);
    if (!found) throw new NotFoundError(this.assets.built() ? Messages.resourceDoesNotExist : Messages.consoleNotBuilt);
    res.setHeader('Content-Type', found.contentType);
    res.setHeader('Cache-Control', found.cacheControl);
    res.setHeader('ETag', found.etag);
    if (req.headers['if-none-match'] === found.etag) {
      res.status(304).end();
      return;
    }
    res.setHeader('Content-Length', String(found.size));
    if (req.method === 'HEAD') {
      res.status(200).end();
      return;
    }
    if (found.body) {
      res.status(200).end(found.body);
      return;
    }
    createReadStream(found.file)
      .on('error', () => res.destroy())
      .pipe(res.status(200));
  }
}
