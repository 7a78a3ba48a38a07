import { Messages } from '@wisp/core';

/** The texts OpenWhisk's invoker puts into error results (`Messages` in openwhisk/common), worded identically. */
export const ActivationErrors = {
  timedOut: (timeoutMs: number) => `The action exceeded its time limits of ${timeoutMs} milliseconds.`,
  timedOutDuringInit: (timeoutMs: number) => `The action exceeded its time limits of ${timeoutMs} milliseconds during initialization.`,
  abnormalInitialization: 'The action did not initialize and exited unexpectedly.',
  abnormalRun: 'The action did not produce a valid response and exited unexpectedly.',
  memoryExhausted: 'The action exhausted its memory and was aborted.',
  invalidInitResponse: (text: string) => `The action failed during initialization${text ? `: ${text}` : '.'}`,
  invalidRunResponse: (text: string) => `The action did not produce a valid JSON or JSON Array response${text ? `: ${text}` : '.'}`,
  /** Developer error for a result nested deeper than the platform passes on (a request could not carry it either). */
  resultTooDeep: Messages.resultTooDeep,
  /** Developer error recorded in place of a result that could not be sent or stored. */
  resultUnusable: (reason: string) => `The action did not produce a valid JSON response: ${reason}`,
  truncatedResponse: (size: number, max: number, trunk: string) =>
    `The action produced a response that exceeded the allowed length: ${size} > ${max} bytes. The truncated response was: ${trunk}`,
  /** Application error when the action vanished between the request and the cold start. */
  actionRemoved: 'Action could not be found or may have been deleted.',
  /** Internal error when the action's code could not be read. */
  actionFetchFailed: 'Action could not be fetched.',
  /** Internal error when the container backend failed (create, start, proxy never listened). */
  containerStartFailed: 'Failed to start a container for the action.',
  /** Internal error recorded for a message whose previous invoker died while holding it. */
  invokerRestarted: 'The invoker was restarted while the activation was running; it was not run again.',
  /** Internal error for kinds this invoker cannot run. */
  unsupportedKind: (kind: string) => `The runtime '${kind}' is not available on this invoker.`,
  /** Internal error for anything unexpected inside the invoker. */
  internal: 'An internal error occurred while running the action.',
} as const;
