import { formatDuration, parseDuration } from './duration';

describe('durations', () => {
  it('parses every unit and refuses anything else', () => {
    expect([parseDuration('500ms'), parseDuration('30s'), parseDuration('10m'), parseDuration('36h'), parseDuration('7d')]).toEqual([500, 30_000, 600_000, 129_600_000, 604_800_000]);
    for (const bad of ['', '7', 'd', '1.5h', '-1d', '7 days', '1w']) expect(parseDuration(bad)).toBeUndefined();
  });

  it('formats in the largest exact unit, so parsing the text gives the value back', () => {
    for (const ms of [1, 999, 1_000, 90_000, 3_600_000, 129_600_000, 604_800_000]) expect(parseDuration(formatDuration(ms))).toBe(ms);
    expect(formatDuration(604_800_000)).toBe('7d');
    expect(formatDuration(129_600_000)).toBe('36h');
  });
});
