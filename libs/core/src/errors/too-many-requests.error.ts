import { WispError } from './wisp.error';

/** A namespace throttle was hit (429). */
export class TooManyRequestsError extends WispError {
  readonly httpStatus = 429;
}
