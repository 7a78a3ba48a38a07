/** Milliseconds per unit of a duration setting. */
const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** A duration setting: an integer with a unit, `500ms`, `30s`, `10m`, `36h` or `7d`. */
export const DURATION_PATTERN = /^(\d{1,9})(ms|s|m|h|d)$/;

/** Parses a {@link DURATION_PATTERN} text into milliseconds; `undefined` when it does not match. */
export function parseDuration(text: string): number | undefined {
  const m = DURATION_PATTERN.exec(text.trim());
  return m ? Number(m[1]) * UNIT_MS[m[2]] : undefined;
}

/** The shortest exact text of `ms` in the largest unit that divides it (`604800000` → `7d`). */
export function formatDuration(ms: number): string {
  for (const unit of ['d', 'h', 'm', 's']) {
    if (ms >= UNIT_MS[unit] && ms % UNIT_MS[unit] === 0) return `${ms / UNIT_MS[unit]}${unit}`;
  }
  return `${ms}ms`;
}
