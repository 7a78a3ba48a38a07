import { WispError } from './wisp.error';

/** Malformed or invalid input (400). */
export class BadRequestError extends WispError {
  readonly httpStatus = 400;
}
