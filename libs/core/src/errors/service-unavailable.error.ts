import { WispError } from './wisp.error';

/** No invoker can take the work (503). */
export class ServiceUnavailableError extends WispError {
  readonly httpStatus = 503;
}
