import type { RawResponse } from './http';

/** What an `openwhisk` client call was rejected with: the HTTP status and the OpenWhisk error body. */
export interface ClientRejection {
  statusCode: number;
  error: { error: string; code: string };
}

/** Awaits a client call that must fail and returns its rejection. */
export async function rejection(p: Promise<unknown>): Promise<ClientRejection> {
  try {
    await p;
  } catch (e) {
    return e as ClientRejection;
  }
  throw new Error('expected the call to be rejected');
}

/** Asserts an OpenWhisk error body `{error, code}` whose `code` is the response's request id. */
export function expectError(r: RawResponse, status: number, error: string | RegExp): void {
  expect({ status: r.status, body: r.body }).toEqual({ status, body: { error: typeof error === 'string' ? error : expect.stringMatching(error), code: expect.any(String) } });
  expect(r.body.code).toBe(r.headers.get('x-request-id'));
}
