import { WispError } from './wisp.error';

/** A body, parameter set or code exceeds its size limit (413). */
export class PayloadTooLargeError extends WispError {
  readonly httpStatus = 413;
}
