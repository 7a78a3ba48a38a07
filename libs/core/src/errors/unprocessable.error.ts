import { WispError } from './wisp.error';

/** A valid request that cannot be carried out, e.g. a circular binding (422). */
export class UnprocessableError extends WispError {
  readonly httpStatus = 422;
}
