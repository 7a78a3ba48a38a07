import { WispError } from './wisp.error';

/** Missing or invalid credentials (401); carries the Basic challenge OpenWhisk sends. */
export class UnauthorizedError extends WispError {
  readonly httpStatus = 401;
  override readonly headers = { 'WWW-Authenticate': 'Basic realm="OpenWhisk secure realm"' };
}
