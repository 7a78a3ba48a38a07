const WINDOW_S = 60;

/** Per-key counts over a sliding minute of one-second buckets (this controller's own admissions). */
export class MinuteCounter {
  private readonly buckets = new Map<string, { second: number; counts: number[] }>();

  /** Counts one event now. */
  hit(key: string, now = Date.now()): void {
    const b = this.advance(key, now);
    b.counts[Math.floor(now / 1000) % WINDOW_S]++;
  }

  /** Events of the last minute, the current second included. */
  sum(key: string, now = Date.now()): number {
    if (!this.buckets.has(key)) return 0;
    return this.advance(key, now).counts.reduce((a, c) => a + c, 0);
  }

  /** Forgets a key (nothing counted for a minute). */
  drop(key: string): void {
    this.buckets.delete(key);
  }

  private advance(key: string, now: number): { second: number; counts: number[] } {
    const second = Math.floor(now / 1000);
    let b = this.buckets.get(key);
    if (!b) {
      b = { second, counts: new Array(WINDOW_S).fill(0) };
      this.buckets.set(key, b);
    }
    for (let s = b.second + 1; s <= Math.min(second, b.second + WINDOW_S); s++) b.counts[s % WINDOW_S] = 0;
    b.second = Math.max(b.second, second);
    return b;
  }
}

/** The sliding window the per-minute throttles count over, seconds. */
export const MINUTE_WINDOW_S = WINDOW_S;
