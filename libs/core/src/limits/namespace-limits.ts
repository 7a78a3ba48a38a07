import { SystemLimits } from './system-limits';

/** Per-namespace throttles; stored overrides fall back to the configured defaults. */
export interface NamespaceThrottles {
  invocationsPerMinute: number;
  concurrentInvocations: number;
  firesPerMinute: number;
  /** Feeds (subscriptions) the namespace may have. */
  feeds: number;
  /** Outbound feed connections the namespace may hold open at once (per controller process). */
  feedConnections: number;
}

/** The body of `GET /namespaces/{ns}/limits`, OpenWhisk's UserLimits with system defaults filled in. */
export function toUserLimits(t: NamespaceThrottles): Record<string, number | string> {
  return {
    invocationsPerMinute: t.invocationsPerMinute,
    concurrentInvocations: t.concurrentInvocations,
    firesPerMinute: t.firesPerMinute,
    feeds: t.feeds,
    feedConnections: t.feedConnections,
    minActionMemory: SystemLimits.memory.min,
    maxActionMemory: SystemLimits.memory.max,
    minActionLogs: SystemLimits.logs.min,
    maxActionLogs: SystemLimits.logs.max,
    minActionTimeout: SystemLimits.timeout.min,
    maxActionTimeout: SystemLimits.timeout.max,
    minActionConcurrency: SystemLimits.concurrency.min,
    maxActionConcurrency: SystemLimits.concurrency.max,
    maxParameterSize: '1 MB',
    maxActionInstances: t.concurrentInvocations,
  };
}
