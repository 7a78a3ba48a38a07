import { applyDecorators, type Type } from '@nestjs/common';
import { ApiBasicAuth, ApiBody, ApiParam, ApiQuery, ApiResponse } from '@nestjs/swagger';
import { ErrorDto } from './schemas/common.dto';

/** What each error status means on this API (the body is always {@link ErrorDto}). */
const ERRORS: Record<number, string> = {
  400: 'Malformed request or invalid field (named in the text).',
  401: 'No or an invalid key.',
  403: 'The key may not act on this namespace or entity.',
  404: 'No such entity.',
  409: 'The entity exists (overwrite=false) or was changed concurrently.',
  413: 'Body or parameters over the limit.',
  429: 'A namespace throttle refused it.',
  502: 'The action answered with an error (blocking invoke with result=true).',
  503: 'A store or every invoker is unavailable; Retry-After says when to try again.',
};

/** Error responses with OpenWhisk's `{error, code}` body. */
export function ApiErrors(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(...statuses.map((status) => ApiResponse({ status, type: ErrorDto, description: ERRORS[status] })));
}

/** HTTP Basic with a Wisp key; 401/403/503 can answer any authenticated route. */
export function ApiAuthed(): MethodDecorator & ClassDecorator {
  return applyDecorators(ApiBasicAuth('basic'), ApiErrors(401, 403, 503));
}

/** The namespace path parameter (`_` is the caller's own). */
export function ApiNamespace(): MethodDecorator & ClassDecorator {
  return ApiParam({ name: 'ns', description: "Namespace, or _ for the key's own.", schema: { type: 'string' } });
}

/** OpenWhisk's paging: `limit` (0..200, 0 = 200, default 30), `skip`, `count`. */
export function ApiListQuery(): MethodDecorator {
  return applyDecorators(
    ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 0, maximum: 200, default: 30 } }),
    ApiQuery({ name: 'skip', required: false, schema: { type: 'integer', minimum: 0, default: 0 } }),
    ApiQuery({ name: 'count', required: false, schema: { type: 'boolean' }, description: 'Answer {"<collection>": n} instead of the list.' }),
    ApiErrors(400),
  );
}

/** A JSON body of type `dto` (PUT of an entity). */
export function ApiJsonBody(dto: Type<unknown>, description?: string): MethodDecorator {
  return ApiBody({ type: dto, required: false, description });
}

/** A free JSON object body whose fields become parameters (invoke, fire). */
export function ApiParametersBody(description: string): MethodDecorator {
  return ApiBody({ required: false, description, schema: { type: 'object', additionalProperties: true } });
}

/** `?overwrite=true` of a PUT. */
export function ApiOverwrite(): MethodDecorator {
  return ApiQuery({ name: 'overwrite', required: false, schema: { type: 'boolean', default: false }, description: 'Replace an existing entity (else 409).' });
}
