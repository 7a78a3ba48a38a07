import { WispError } from './wisp.error';

/** A request body in a charset or content encoding Wisp cannot decode (415). */
export class UnsupportedMediaTypeError extends WispError {
  readonly httpStatus = 415;
}
