/** Default and largest `$attempts` of `retry`. */
export const RETRY_DEFAULT_ATTEMPTS = 5;
export const RETRY_MAX_ATTEMPTS = 10;

/** A combinator's input is unusable or a target cannot be invoked: the run ends with this message as application error. */
export class CombinatorError extends Error {}

export interface RetryParams {
  actionName: string;
  attempts: number;
  /** What every attempt is invoked with: the input without the `$` parameters. */
  args: Record<string, unknown>;
}

export interface TryCatchParams {
  tryName: string;
  catchName: string;
  args: Record<string, unknown>;
}

export interface ForwarderParams {
  actionName: string;
  actionArgs: Record<string, unknown>;
  /** Input parameters copied into the result. */
  forward: string[];
}

/** The parameters without the combinator's own (`$`-prefixed) ones. */
export function withoutControlParams(params: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(params).filter(([k]) => !k.startsWith('$')));
}

export function parseRetry(params: Record<string, unknown>): RetryParams {
  const attempts = params.$attempts ?? RETRY_DEFAULT_ATTEMPTS;
  if (!Number.isInteger(attempts) || (attempts as number) < 1 || (attempts as number) > RETRY_MAX_ATTEMPTS) {
    throw new CombinatorError(`$attempts must be an integer from 1 to ${RETRY_MAX_ATTEMPTS}.`);
  }
  return { actionName: actionName(params, '$actionName'), attempts: attempts as number, args: withoutControlParams(params) };
}

export function parseTryCatch(params: Record<string, unknown>): TryCatchParams {
  return { tryName: actionName(params, '$tryName'), catchName: actionName(params, '$catchName'), args: withoutControlParams(params) };
}

export function parseForwarder(params: Record<string, unknown>): ForwarderParams {
  const actionArgs = params.$actionArgs ?? {};
  if (!isObject(actionArgs)) throw new CombinatorError('$actionArgs must be an object.');
  const forward = params.$forward ?? [];
  if (!Array.isArray(forward) || !forward.every((f) => typeof f === 'string')) throw new CombinatorError('$forward must be an array of parameter names.');
  return { actionName: actionName(params, '$actionName'), actionArgs, forward };
}

function actionName(params: Record<string, unknown>, key: string): string {
  const value = params[key];
  if (typeof value !== 'string' || value.trim() === '') throw new CombinatorError(`${key} is required: the name of the action to invoke, e.g. /guest/myAction.`);
  return value.trim();
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
