/** Base of every domain error; the API's exception filter maps it to `{error, code}` with {@link httpStatus}. */
export abstract class WispError extends Error {
  abstract readonly httpStatus: number;
  /** Extra response headers (e.g. `WWW-Authenticate`). */
  readonly headers: Record<string, string> = {};
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
