import { WispError } from './wisp.error';

/** The resource exists or changed concurrently (409). */
export class ConflictError extends WispError {
  readonly httpStatus = 409;
}
