import type { ActivationRecord } from '@wisp/core';
import { toActivationJson } from '../activations/activation.mapper';

/** What the invoke route sends: status, body, and the activation id header. */
export interface InvokeResponse {
  status: number;
  body: unknown;
  activationId: string;
}

/** Blocking outcome → HTTP status as OpenWhisk maps it (200 success, 502 application/developer error, 500 internal). */
export function statusForOutcome(statusCode: number): number {
  return statusCode === 0 ? 200 : statusCode === 3 ? 500 : 502;
}

/** The response to a blocking invoke that finished: the whole activation, or just its result. */
export function finishedResponse(record: ActivationRecord, resultOnly: boolean): InvokeResponse {
  const result = record.response.result;
  const body = resultOnly || Array.isArray(result) ? (result ?? {}) : toActivationJson(record);
  return { status: statusForOutcome(record.response.statusCode), body, activationId: record.activationId };
}

/** The 202 answer: non-blocking, or blocking past its wait. */
export function acceptedResponse(activationId: string): InvokeResponse {
  return { status: 202, body: { activationId }, activationId };
}
