import type { ArgumentsHost } from '@nestjs/common';
import { Messages, NotFoundError, ServiceUnavailableError, StoreUnavailableError } from '@wisp/core';
import { WispExceptionFilter } from './wisp-exception.filter';

/** What the filter wrote to the response. */
interface Answer {
  status?: number;
  headers: Record<string, string>;
  body?: unknown;
}

function answer(filter: WispExceptionFilter, error: unknown): Answer {
  const out: Answer = { headers: {} };
  const res = {
    headersSent: false,
    setHeader: (k: string, v: string) => (out.headers[k] = v),
    status(s: number) {
      out.status = s;
      return this;
    },
    json: (b: unknown) => (out.body = b),
  };
  const req = { requestId: 'req-1', method: 'POST', originalUrl: '/api/v1/namespaces/_/actions/a' };
  const host = { switchToHttp: () => ({ getRequest: () => req, getResponse: () => res }) } as unknown as ArgumentsHost;
  filter.catch(error, host);
  return out;
}

describe('WispExceptionFilter', () => {
  const filter = new WispExceptionFilter(() => undefined, 9);

  it('gives "No invokers available" (and any other 503) a Retry-After of WISP_RETRY_AFTER_S', () => {
    const a = answer(filter, new ServiceUnavailableError(Messages.noInvokers));
    expect(a).toEqual({ status: 503, headers: { 'Retry-After': '9' }, body: { error: Messages.noInvokers, code: 'req-1' } });
  });

  it("keeps a 503's own Retry-After", () => {
    const a = answer(filter, new StoreUnavailableError('RabbitMQ', 3));
    expect(a.status).toBe(503);
    expect(a.headers).toEqual({ 'Retry-After': '3' });
  });

  it('adds no Retry-After to answers that are not 503', () => {
    expect(answer(filter, new NotFoundError('gone')).headers).toEqual({});
  });

  it('answers an outage the mapping recognises with its 503 and Retry-After', () => {
    const mapped = new WispExceptionFilter((e) => ((e as Error).message === 'down' ? new StoreUnavailableError('PostgreSQL', 4) : undefined), 9);
    const a = answer(mapped, new Error('down'));
    expect(a.status).toBe(503);
    expect(a.headers).toEqual({ 'Retry-After': '4' });
  });
});
