/** `12 ms`, `1.25 s`, `2 min 5 s`. */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const min = Math.floor(ms / 60_000);
  return `${min} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** An epoch in ms as local `YYYY-MM-DD HH:MM:SS` (fixed width, sortable). */
export function formatTime(epoch: number | undefined, tz: 'local' | 'utc' = 'local'): string {
  if (epoch === undefined || !Number.isFinite(epoch)) return '—';
  const d = new Date(epoch);
  const p = (n: number) => String(n).padStart(2, '0');
  const [y, mo, da, h, mi, s] =
    tz === 'utc'
      ? [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()]
      : [d.getFullYear(), d.getMonth() + 1, d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds()];
  return `${y}-${p(mo)}-${p(da)} ${p(h)}:${p(mi)}:${p(s)}`;
}

/** Pretty JSON for display; strings stay readable, undefined shows as nothing. */
export function prettyJson(value: unknown): string {
  if (value === undefined) return '';
  return JSON.stringify(value, null, 2);
}
