import { BadRequestError, Messages } from '../errors';
import { SystemLimits } from './system-limits';

/** Per-action resource limits as OpenWhisk exposes them. */
export interface ActionLimits {
  /** Wall-clock budget per run, ms. */
  timeout: number;
  /** Container memory, MB. */
  memory: number;
  /** Log budget, MB. */
  logs: number;
  /** Concurrent runs per container. */
  concurrency: number;
}

/** Defaults for a new action. */
export const DEFAULT_ACTION_LIMITS: ActionLimits = {
  timeout: SystemLimits.timeout.std,
  memory: SystemLimits.memory.std,
  logs: SystemLimits.logs.std,
  concurrency: SystemLimits.concurrency.std,
};

type Field = keyof ActionLimits;
const checks: Record<Field, { min: number; max: number; below: (v: number, m: number) => string; above: (v: number, m: number) => string }> = {
  timeout: { ...SystemLimits.timeout, below: Messages.timeoutBelow, above: Messages.timeoutAbove },
  memory: { ...SystemLimits.memory, below: Messages.memoryBelow, above: Messages.memoryAbove },
  logs: { ...SystemLimits.logs, below: Messages.logsBelow, above: Messages.logsAbove },
  concurrency: { ...SystemLimits.concurrency, below: Messages.concurrencyBelow, above: Messages.concurrencyAbove },
};

/**
 * Merges requested limits over `base` (fields not given keep their value) and validates the ranges.
 * @throws BadRequestError naming the field with OpenWhisk's text.
 */
export function resolveActionLimits(requested: unknown, base: ActionLimits = DEFAULT_ACTION_LIMITS): ActionLimits {
  if (requested === undefined || requested === null) return { ...base };
  if (typeof requested !== 'object' || Array.isArray(requested)) throw new BadRequestError(Messages.malformedRequest("'limits' must be an object"));
  const out = { ...base };
  for (const field of Object.keys(checks) as Field[]) {
    const v = (requested as Record<string, unknown>)[field];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'number' || !Number.isInteger(v)) throw new BadRequestError(Messages.malformedRequest(`'limits.${field}' must be an integer`));
    const c = checks[field];
    if (v < c.min) throw new BadRequestError(c.below(v, c.min));
    if (v > c.max) throw new BadRequestError(c.above(v, c.max));
    out[field] = v;
  }
  return out;
}
