import { WispError } from './wisp.error';

/** The resource does not exist (404). */
export class NotFoundError extends WispError {
  readonly httpStatus = 404;
}
