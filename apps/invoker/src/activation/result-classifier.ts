import { ActivationResponse, ActivationStatus, nestsDeeperThan, SystemLimits } from '@wisp/core';
import type { ProxyOutcome } from '../containers/container-factory';
import { ActivationErrors } from './error-results';

/** An activation response plus whether the time limit was hit (the `timeout` annotation). */
export interface Classified {
  response: ActivationResponse;
  timedOut: boolean;
}

const error = (statusCode: ActivationResponse['statusCode'], value: unknown, size?: number, timedOut = false): Classified => ({
  response: size === undefined ? { statusCode, result: { error: value } } : { statusCode, result: { error: value }, size },
  timedOut,
});

/** A proxy body nested deeper than {@link SystemLimits.resultMaxDepth}. */
const TOO_DEEP = Symbol('too deep');

/**
 * Parses a proxy body; `undefined` when it is not JSON, {@link TOO_DEEP} when it nests deeper than a request may.
 * `JSON.parse` does not recurse, but `JSON.stringify` (completion message, record) and PostgreSQL's `jsonb` do, so a
 * deep result must stop here; a proxy the action rewrote can send anything.
 */
function parseJson(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  return nestsDeeperThan(value, SystemLimits.resultMaxDepth) ? TOO_DEEP : value;
}

const tooDeep = (size: number) => error(ActivationStatus.developerError, ActivationErrors.resultTooDeep(SystemLimits.resultMaxDepth), size);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Interprets a `/init` outcome as OpenWhisk's `processInitResponseContent` does. Returns `undefined` when the
 * container is initialised (200), else the developer error to record.
 */
export function classifyInit(outcome: ProxyOutcome, timeoutMs: number): Classified | undefined {
  switch (outcome.kind) {
    case 'timeout':
      return error(ActivationStatus.developerError, ActivationErrors.timedOutDuringInit(timeoutMs), undefined, true);
    case 'crashed':
      return error(ActivationStatus.developerError, outcome.oomKilled ? ActivationErrors.memoryExhausted : ActivationErrors.abnormalInitialization);
    case 'response': {
      if (outcome.truncated) {
        return error(ActivationStatus.developerError, ActivationErrors.truncatedResponse(outcome.size, SystemLimits.resultMaxBytes, outcome.body), outcome.size);
      }
      if (outcome.status === 200) return undefined;
      const body = parseJson(outcome.body);
      if (body === TOO_DEEP) return tooDeep(outcome.size);
      const message = isObject(body) && 'error' in body ? body.error : ActivationErrors.invalidInitResponse(outcome.body);
      return error(ActivationStatus.developerError, message, outcome.size);
    }
  }
}

/**
 * Interprets a `/run` outcome as OpenWhisk's `processRunResponseContent` does: 200 with an object (or array) is a
 * success unless the object has `error` (application error); any other status is a developer error carrying the
 * body's `error` when there is one; a response over `maxBytes` is an application error with the truncation text.
 * A body nested deeper than {@link SystemLimits.resultMaxDepth} is a developer error naming the limit, whatever its status.
 */
export function classifyRun(outcome: ProxyOutcome, timeoutMs: number, maxBytes: number): Classified {
  switch (outcome.kind) {
    case 'timeout':
      return error(ActivationStatus.developerError, ActivationErrors.timedOut(timeoutMs), undefined, true);
    case 'crashed':
      return error(ActivationStatus.developerError, outcome.oomKilled ? ActivationErrors.memoryExhausted : ActivationErrors.abnormalRun);
    case 'response': {
      if (outcome.truncated) {
        return error(ActivationStatus.applicationError, ActivationErrors.truncatedResponse(outcome.size, maxBytes, outcome.body), outcome.size);
      }
      const body = parseJson(outcome.body);
      if (body === TOO_DEEP) return tooDeep(outcome.size);
      if (isObject(body)) {
        if (outcome.status !== 200) return error(ActivationStatus.developerError, 'error' in body ? body.error : ActivationErrors.invalidRunResponse(outcome.body), outcome.size);
        if ('error' in body) return error(ActivationStatus.applicationError, body.error, outcome.size);
        return { response: { statusCode: ActivationStatus.success, result: body, size: outcome.size }, timedOut: false };
      }
      if (Array.isArray(body) && outcome.status === 200) {
        return { response: { statusCode: ActivationStatus.success, result: body, size: outcome.size }, timedOut: false };
      }
      return error(ActivationStatus.developerError, ActivationErrors.invalidRunResponse(outcome.body), outcome.size);
    }
  }
}
