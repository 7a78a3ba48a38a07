import { PassThrough } from 'node:stream';
import { gzipSync } from 'node:zlib';
import type { Request, Response } from 'express';
import { BadRequestError, PayloadTooLargeError, SystemLimits, UnsupportedMediaTypeError, WispError } from '@wisp/core';
import { bodyParser, MAX_HTTP_BODY_BYTES } from './body-parser';

/** Runs the real middleware over an in-memory request; resolves with what it handed to `next` and the parsed body. */
function parse(path: string, headers: Record<string, string>, body: Buffer): Promise<{ error: unknown; body: unknown }> {
  const stream = new PassThrough();
  const lower = Object.fromEntries(Object.entries({ 'content-length': String(body.length), ...headers }).map(([k, v]) => [k.toLowerCase(), v]));
  const req = Object.assign(stream, { method: 'POST', url: path, path, headers: lower, header: (name: string) => lower[name.toLowerCase()] }) as unknown as Request;
  const done = new Promise<{ error: unknown; body: unknown }>((resolve) => bodyParser()(req, {} as Response, (error?: unknown) => resolve({ error, body: req.body })));
  stream.end(body);
  return done;
}

/**
 * Every way to fail reading or parsing a body reaches the exception filter as a domain error, so the filter needs no
 * branch for express's own `entity.too.large` / `entity.parse.failed` errors.
 */
describe('bodyParser', () => {
  const json = { 'content-type': 'application/json' };

  it('hands every failure to next as a domain error: too large, bad encoding, corrupt, bad JSON, bad charset', async () => {
    const cases: [string, Record<string, string>, Buffer, new (...a: never[]) => WispError][] = [
      ['/api/v1/namespaces/_/actions/a', json, Buffer.alloc(MAX_HTTP_BODY_BYTES + 1, 32), PayloadTooLargeError],
      ['/api/v1/web/guest/default/a.json', json, Buffer.alloc(SystemLimits.payloadMaxBytes + 1, 32), PayloadTooLargeError],
      ['/api/v1/namespaces/_/actions/a', { ...json, 'content-encoding': 'gzip' }, gzipSync(Buffer.alloc(MAX_HTTP_BODY_BYTES + 1, 32)), PayloadTooLargeError],
      ['/api/v1/namespaces/_/actions/a', { ...json, 'content-encoding': 'compress' }, Buffer.from('{}'), UnsupportedMediaTypeError],
      ['/api/v1/namespaces/_/actions/a', { ...json, 'content-encoding': 'gzip' }, Buffer.from('not gzip'), BadRequestError],
      ['/api/v1/namespaces/_/actions/a', json, Buffer.from('{"a":'), BadRequestError],
      ['/api/v1/namespaces/_/actions/a', { 'content-type': 'application/json; charset=utf-99' }, Buffer.from('{}'), UnsupportedMediaTypeError],
    ];
    for (const [path, headers, body, type] of cases) {
      const { error } = await parse(path, headers, body);
      expect(error).toBeInstanceOf(type);
    }
  });

  it('parses REST bodies as JSON and keeps web action bodies raw', async () => {
    expect(await parse('/api/v1/namespaces/_/actions/a', json, Buffer.from('{"a":1}'))).toEqual({ error: undefined, body: { a: 1 } });
    const raw = await parse('/api/v1/web/guest/default/a.json', json, Buffer.from('{"a":'));
    expect(raw.error).toBeUndefined();
    expect(Buffer.isBuffer(raw.body) && raw.body.toString()).toBe('{"a":');
  });
});
