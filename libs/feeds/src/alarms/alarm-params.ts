import { FeedValidationError } from '../feed-provider';

/** `trigger_payload`: a string becomes `{payload: str}`, an object is used as it is, absent or '' is `{}`. */
export function parsePayload(value: unknown): Record<string, unknown> {
  if (value === undefined || value === null || value === '') return {};
  if (typeof value === 'string') {
    return { payload: value };
  }
  if (typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  throw new FeedValidationError(`trigger_payload must be a string or a JSON object`);
}

/** A date parameter (ISO string or epoch ms) as epoch ms, or undefined when absent. */
export function parseDate(name: string, value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const ms = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : typeof value === 'string' ? Date.parse(value) : NaN;
  if (!Number.isFinite(ms)) throw new FeedValidationError(`${name} is not a valid date: ${JSON.stringify(value)}`);
  return ms;
}

/** A date that must lie in the future (OpenWhisk refuses past `date`, `startDate`, `stopDate`). */
export function parseFutureDate(name: string, value: unknown, now: number): number | undefined {
  const ms = parseDate(name, value);
  if (ms !== undefined && ms <= now) throw new FeedValidationError(`${name} must be in the future: ${new Date(ms).toISOString()} is not after ${new Date(now).toISOString()}`);
  return ms;
}

/** `startDate`/`stopDate` in the future, stop after start. */
export function parseWindow(params: Record<string, unknown>, now: number): { startDate?: number; stopDate?: number } {
  const startDate = parseFutureDate('startDate', params.startDate, now);
  const stopDate = parseFutureDate('stopDate', params.stopDate, now);
  if (startDate !== undefined && stopDate !== undefined && stopDate <= startDate) throw new FeedValidationError('stopDate must be after startDate');
  return { ...(startDate !== undefined ? { startDate } : {}), ...(stopDate !== undefined ? { stopDate } : {}) };
}

/** A timezone name Intl knows (e.g. `Europe/Berlin`). */
export function parseTimezone(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new FeedValidationError('timezone must be a string such as "America/New_York"');
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
  } catch {
    throw new FeedValidationError(`timezone is not a known time zone: ${value}`);
  }
  return value;
}

/** A positive integer, or undefined when absent. */
export function parsePositiveInteger(name: string, value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n <= 0) throw new FeedValidationError(`${name} must be an integer greater than 0, got ${JSON.stringify(value)}`);
  return n;
}

/** The event of one fire: the payload plus the scheduled time (ISO 8601), which a payload key cannot shadow. */
export function alarmEvent(payload: Record<string, unknown>, scheduledAt: number): Record<string, unknown> {
  return { ...payload, scheduledTime: new Date(scheduledAt).toISOString() };
}
