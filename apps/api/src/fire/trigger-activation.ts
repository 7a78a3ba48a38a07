import { type ActivationRecord, ActivationStatus, jsonSize, type KeyValue } from '@wisp/core';

/** One rule's line in a trigger activation's logs, as OpenWhisk writes it. */
export interface RuleLogLine {
  statusCode: 0 | 1 | 3;
  success: boolean;
  activationId?: string;
  error?: string;
  /** The rule's filter did not match the event, so its action was not activated. */
  filtered?: true;
  rule: string;
  action: string;
}

/** The record of one fire: the event as result, one log line per rule, no end. */
export function triggerActivationRecord(
  base: { activationId: string; namespace: string; name: string; version: string; subject: string },
  start: number,
  event: Record<string, unknown>,
  lines: RuleLogLine[],
  annotations: KeyValue[] = [],
): ActivationRecord {
  return {
    ...base,
    entityName: base.name,
    start,
    end: 0,
    duration: null,
    cause: null,
    response: { statusCode: ActivationStatus.success, result: event, size: jsonSize(event) },
    logs: lines.map((l) => JSON.stringify(l)),
    annotations,
    publish: false,
  };
}
