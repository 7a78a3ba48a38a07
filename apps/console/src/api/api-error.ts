/** An API answer that is not a success: the status and the API's own error text, shown to the user as it is. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** The request id the API put in `code`, for support. */
    readonly code?: string,
  ) {
    super(message);
  }
}

/** The text to show for an error body: OpenWhisk's `error`, an activation's `response.result.error`, or the status. */
export function errorText(status: number, body: unknown): { message: string; code?: string } {
  const b = (body ?? {}) as { error?: unknown; code?: unknown; response?: { result?: { error?: unknown } } };
  const code = typeof b.code === 'string' ? b.code : undefined;
  if (typeof b.error === 'string') return { message: b.error, ...(code ? { code } : {}) };
  const nested = b.response?.result?.error;
  if (nested !== undefined) return { message: typeof nested === 'string' ? nested : JSON.stringify(nested) };
  if (typeof body === 'string' && body.trim() !== '') return { message: body.slice(0, 500) };
  return { message: `The API answered ${status}.` };
}
