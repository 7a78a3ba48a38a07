/** Fixed system ranges, as OpenWhisk's open-source defaults set them. */
export const SystemLimits = {
  timeout: { min: 100, max: 300_000, std: 60_000 },
  memory: { min: 128, max: 512, std: 256 },
  logs: { min: 0, max: 10, std: 10 },
  concurrency: { min: 1, max: 1, std: 1 },
  /** Largest accepted invocation payload or parameter set, bytes. */
  payloadMaxBytes: 1_048_576,
  /** Largest GitHub delivery the receiver reads (GitHub's own cap), and the largest event such a delivery fires, bytes. */
  githubDeliveryMaxBytes: 25 * 1_048_576,
  /** Largest action code, bytes. */
  codeMaxBytes: 48 * 1_048_576,
  /** Largest result kept before truncation, bytes. */
  resultMaxBytes: 1_048_576,
  /** Longest a blocking caller waits, ms. */
  maxBlockingWaitMs: 60_000,
  sequenceMaxLength: 50,
  listDefault: 30,
  listMax: 200,
  /** Deepest nesting of arrays and objects accepted in a request's JSON (deeper answers 413). */
  jsonMaxDepth: 100,
  /**
   * Deepest nesting accepted in an action's result (deeper is a developer error). Larger than {@link jsonMaxDepth},
   * so an action that wraps or echoes any accepted request still succeeds; small enough that serialising it never
   * exhausts the stack.
   */
  resultMaxDepth: 1000,
} as const;
