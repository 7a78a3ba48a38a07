/**
 * The value of `work` if it settles within `ms`, else undefined. The timer is cleared either way; `work` keeps running
 * (the caller must not depend on it being cancelled).
 */
export async function settledWithin<T>(work: Promise<T | undefined>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((r) => (timer = setTimeout(() => r(undefined), Math.max(0, ms))));
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}
