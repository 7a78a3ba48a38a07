import type { ActivationRecord, ActivationResponse, KeyValue } from '@wisp/core';

/** What a finished (or failed) sequence run produced. */
export interface SequenceOutcome {
  response: ActivationResponse;
  componentIds: string[];
  /** Sum of component durations, ms. */
  duration: number;
}

/** The sequence's own activation record (controller-written): component ids as logs, the last response. */
export function sequenceRecord(
  base: { activationId: string; namespace: string; name: string; entityName: string; version: string; subject: string; cause: string | null },
  start: number,
  outcome: SequenceOutcome,
  annotations: KeyValue[],
): ActivationRecord {
  return {
    ...base,
    start,
    end: Date.now(),
    duration: outcome.duration,
    response: outcome.response,
    logs: outcome.componentIds,
    annotations,
    publish: false,
  };
}
