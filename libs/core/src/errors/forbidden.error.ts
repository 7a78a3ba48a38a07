import { WispError } from './wisp.error';

/** The caller may not touch this resource (403). */
export class ForbiddenError extends WispError {
  readonly httpStatus = 403;
}
