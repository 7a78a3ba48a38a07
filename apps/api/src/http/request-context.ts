import type { Request } from 'express';
import type { Identity } from '../auth/identity';

/** An Express request after Wisp's middleware: request id always, identity once authenticated. */
export interface WispRequest extends Request {
  /** Transaction id: the client's `X-Request-ID` or a fresh one. */
  requestId: string;
  /** The authenticated caller, set by the auth guard. */
  identity?: Identity;
}
