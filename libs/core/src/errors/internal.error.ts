import { WispError } from './wisp.error';

/** A platform failure (500). */
export class InternalError extends WispError {
  readonly httpStatus = 500;
}
