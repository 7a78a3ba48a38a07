import { Messages } from './messages';
import { ServiceUnavailableError } from './service-unavailable.error';

/** The outside systems Wisp stores its state in. */
export type WispStore = 'PostgreSQL' | 'RabbitMQ';

/**
 * A store Wisp needs is unreachable (503 with `Retry-After`). Thrown only when nothing was started: the client may
 * retry without risking a second run.
 */
export class StoreUnavailableError extends ServiceUnavailableError {
  constructor(
    readonly store: WispStore,
    retryAfterS: number,
    message: string = Messages.storeUnavailable(store),
  ) {
    super(message);
    this.headers['Retry-After'] = String(retryAfterS);
  }
}
