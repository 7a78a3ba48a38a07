import { type ActivationResponse, ActivationStatus, type ActivationStatusCode } from '@wisp/core';
import { isObject } from './combinator-params';

/** The `error` a failed activation reports: its `error` field, else its whole result. */
export function errorOf(response: ActivationResponse): unknown {
  const result = response.result;
  return isObject(result) && result.error !== undefined ? result.error : result;
}

/** What `trycatch` invokes its catch action with: the input plus the try's error (the error wins a name clash). */
export function catchArgs(args: Record<string, unknown>, tried: ActivationResponse): Record<string, unknown> {
  return { ...args, error: errorOf(tried) };
}

/** `forwarder`'s result: the target's result with the named input parameters copied over it. */
export function forwardedResult(result: unknown, params: Record<string, unknown>, forward: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = isObject(result) ? { ...result } : {};
  for (const name of forward) if (name in params) out[name] = params[name];
  return out;
}

/**
 * A combinator's own status for a child's response: success stays success, any failure becomes an application
 * error (the combinator itself worked; what it ran failed), with the child's result unchanged when it is an object.
 */
export function passThrough(response: ActivationResponse): { statusCode: ActivationStatusCode; result: Record<string, unknown> } {
  const ok = response.statusCode === ActivationStatus.success;
  const result = isObject(response.result) ? response.result : ok ? {} : { error: errorOf(response) ?? 'The action failed.' };
  return { statusCode: ok ? ActivationStatus.success : ActivationStatus.applicationError, result };
}

/** A log line in the invoker's format. */
export function logLine(text: string, stream: 'stdout' | 'stderr' = 'stdout'): string {
  return `${new Date().toISOString()} ${stream}: ${text}`;
}
