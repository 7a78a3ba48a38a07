import { BadRequestError, PayloadTooLargeError, UnsupportedMediaTypeError } from '@wisp/core';
import { toBodyReadError } from './body-read-error';
import { decodeBody } from './request-charset';
import { parseRequestJson } from './request-json';

describe('request charsets', () => {
  it('decodes declared charsets and defaults to UTF-8', () => {
    expect(decodeBody(Buffer.from('{"a":"é"}'), 'application/json')).toBe('{"a":"é"}');
    expect(decodeBody(Buffer.from('é', 'latin1'), 'text/plain; charset="ISO-8859-1"')).toBe('é');
    expect(decodeBody(Buffer.from('hi', 'utf16le'), 'application/json;charset=utf-16le')).toBe('hi');
  });

  it('refuses unknown charsets and the replacement encoding with 415', () => {
    for (const ct of ['application/json; charset=utf-99', 'text/plain; charset=iso-2022-kr', 'application/json; charset=']) {
      expect(() => decodeBody(Buffer.from('{}'), ct)).toThrow(UnsupportedMediaTypeError);
    }
  });
});

describe('request JSON', () => {
  it('parses any JSON value within the depth limit', () => {
    expect(parseRequestJson('{"a":[1,{"b":"\\ud83d\\ude00"}]}')).toEqual({ a: [1, { b: '\ud83d\ude00' }] });
    expect(parseRequestJson('"s"')).toBe('s');
  });

  it('answers 413 for deep nesting, 400 for NUL, lone surrogates and bad syntax', () => {
    expect(() => parseRequestJson('['.repeat(101) + ']'.repeat(101))).toThrow(PayloadTooLargeError);
    expect(() => parseRequestJson('['.repeat(100) + ']'.repeat(100))).not.toThrow();
    expect(() => parseRequestJson('{"a":"\\u0000"}')).toThrow(BadRequestError);
    expect(() => parseRequestJson('{"\\udfff":1}')).toThrow(BadRequestError);
    expect(() => parseRequestJson('{"a":')).toThrow(BadRequestError);
  });
});

describe('body read failures', () => {
  it('maps encoding, size and corruption failures to 415, 413 and 400', () => {
    expect(toBodyReadError({ type: 'encoding.unsupported', status: 415, encoding: 'zip' })).toBeInstanceOf(UnsupportedMediaTypeError);
    expect(toBodyReadError({ type: 'entity.too.large', status: 413, length: 9, limit: 5 })).toBeInstanceOf(PayloadTooLargeError);
    expect(toBodyReadError(Object.assign(new Error('unexpected end of file'), { status: 400 }))).toBeInstanceOf(BadRequestError);
    const other = new Error('boom');
    expect(toBodyReadError(other)).toBe(other);
  });
});
