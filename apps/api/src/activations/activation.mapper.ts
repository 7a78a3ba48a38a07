import { type ActivationRecord, type ActivationStatusCode, STATUS_TEXT } from '@wisp/core';

/** OpenWhisk's user-facing "extended JSON" of an activation: `response.status`/`success`, no `statusCode`. */
export function toActivationJson(r: ActivationRecord) {
  const code = r.response.statusCode as ActivationStatusCode;
  const out: Record<string, unknown> = {
    namespace: r.namespace,
    name: r.name,
    version: r.version,
    subject: r.subject,
    activationId: r.activationId,
    start: r.start,
  };
  if (r.end) {
    out.end = r.end;
    out.duration = r.duration ?? r.end - r.start;
  }
  if (r.cause) out.cause = r.cause;
  const response: Record<string, unknown> = { status: STATUS_TEXT[code], statusCode: code, success: code === 0, result: r.response.result ?? {} };
  if (r.response.size !== undefined) response.size = r.response.size;
  out.response = response;
  out.logs = r.logs;
  out.annotations = r.annotations;
  out.publish = r.publish;
  return out;
}

/** A list item (`docs=false`): no result, no logs; `statusCode` comes from its own column. */
export function toActivationSummary(r: Omit<ActivationRecord, 'response' | 'logs' | 'subject' | 'entityName'> & { statusCode: number }) {
  const out: Record<string, unknown> = {
    namespace: r.namespace,
    name: r.name,
    version: r.version,
    publish: r.publish,
    annotations: r.annotations,
    activationId: r.activationId,
    start: r.start,
  };
  if (r.end) {
    out.end = r.end;
    out.duration = r.duration ?? r.end - r.start;
    out.statusCode = r.statusCode;
  }
  if (r.cause) out.cause = r.cause;
  return out;
}

/** `GET …/activations/{id}/result`: result, size, success, status. */
export function toActivationResult(r: ActivationRecord) {
  const code = r.response.statusCode as ActivationStatusCode;
  return { result: r.response.result ?? {}, size: r.response.size ?? 0, success: code === 0, status: STATUS_TEXT[code] };
}
