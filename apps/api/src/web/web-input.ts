import { BadRequestError, Messages, valueOf, type KeyValue } from '@wisp/core';
import { decodeBody } from '../http/request-charset';
import { assertSafeJson, parseRequestJson } from '../http/request-json';

/** The parts of an HTTP request a web action sees. */
export interface WebRequestParts {
  method: string;
  headers: Record<string, string>;
  query: Record<string, unknown>;
  rawQuery: string;
  body: Buffer | undefined;
  contentType: string;
  path: string;
  /** Namespace of an authenticated caller, if any. */
  user?: string;
}

const TEXT_TYPES = /^(text\/|application\/(json|xml|javascript|x-www-form-urlencoded)|[^;]*\+(json|xml))/;

/** True for content types whose bodies travel as text (others are base64). */
export function isTextContentType(contentType: string): boolean {
  return contentType === '' || TEXT_TYPES.test(contentType.toLowerCase());
}

/**
 * Builds a web action's input as OpenWhisk does. Merged mode: query ⊕ JSON/form body as parameters, other bodies as
 * `__ow_body`. `raw-http`: the query string and body travel unparsed as `__ow_query` / `__ow_body`.
 * Request keys may not shadow `__ow_*` fields or, on a final action, defined parameters. Text bodies are decoded with
 * their declared charset; parsed bodies get the REST API's JSON depth and NUL/surrogate checks.
 * @throws BadRequestError with OpenWhisk's reserved-properties text, or for malformed or unsafe JSON/form text;
 * PayloadTooLargeError for too deep JSON.
 */
export function buildWebInput(req: WebRequestParts, annotations: KeyValue[], defined: Record<string, unknown>): Record<string, unknown> {
  const context: Record<string, unknown> = { __ow_method: req.method.toLowerCase(), __ow_headers: req.headers, __ow_path: req.path };
  if (req.user) context.__ow_user = req.user;
  const body = req.body && req.body.length > 0 ? req.body : undefined;
  if (valueOf(annotations, 'raw-http') === true) {
    context.__ow_query = req.rawQuery;
    if (body) context.__ow_body = isTextContentType(req.contentType) && !req.contentType.startsWith('application/json') ? decodeBody(body, req.contentType) : body.toString('base64');
    return context;
  }
  const fromRequest: Record<string, unknown> = { ...req.query };
  if (body) {
    const ct = req.contentType.toLowerCase();
    if (ct.startsWith('application/json')) {
      const text = decodeBody(body, req.contentType);
      const parsed = parseRequestJson(text);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) Object.assign(fromRequest, parsed);
      else context.__ow_body = text;
    } else if (ct.startsWith('application/x-www-form-urlencoded')) {
      const form = Object.fromEntries(new URLSearchParams(decodeBody(body, req.contentType)));
      assertSafeJson(form, 'the form body');
      Object.assign(fromRequest, form);
    } else {
      context.__ow_body = isTextContentType(ct) ? decodeBody(body, req.contentType) : body.toString('base64');
    }
  }
  const final = valueOf(annotations, 'final') === true;
  for (const key of Object.keys(fromRequest)) {
    if (key.startsWith('__ow_') || (final && key in defined)) throw new BadRequestError(Messages.finalParams);
  }
  return { ...fromRequest, ...context };
}
