import fc from 'fast-check';
import { formatLogLine, formatWithLimit, isSentinel, LogLine, mergeByTime, parseDockerLine, timeSortKey, utf8Head } from './log-lines';

describe('log lines', () => {
  it('splits a docker timestamped line', () => {
    expect(parseDockerLine('2024-01-01T00:00:00.1234Z hello world', 'stdout', 'x')).toEqual({ time: '2024-01-01T00:00:00.1234Z', stream: 'stdout', text: 'hello world' });
    expect(parseDockerLine('2024-01-01T00:00:00Z ', 'stderr', 'x')).toEqual({ time: '2024-01-01T00:00:00Z', stream: 'stderr', text: '' });
  });

  it('keeps a line without timestamp whole', () => {
    expect(parseDockerLine('no timestamp here', 'stdout', 'T')).toEqual({ time: 'T', stream: 'stdout', text: 'no timestamp here' });
  });

  it('formats as OpenWhisk: time padded to 30, stream, trimmed text', () => {
    expect(formatLogLine({ time: '2024-01-01T00:00:00.1Z', stream: 'stdout', text: '  hi  ' })).toBe('2024-01-01T00:00:00.1Z         stdout: hi');
    expect(formatLogLine({ time: '2024-01-01T00:00:00.123456789Z', stream: 'stderr', text: 'x' })).toBe('2024-01-01T00:00:00.123456789Z stderr: x');
  });

  it('recognises the sentinel', () => {
    expect(isSentinel({ time: 't', stream: 'stdout', text: 'XXX_THE_END_OF_A_WHISK_ACTIVATION_XXX' })).toBe(true);
    expect(isSentinel({ time: 't', stream: 'stdout', text: 'XXX_THE_END' })).toBe(false);
  });

  it('orders variable-length nano timestamps correctly', () => {
    expect(timeSortKey('2024-01-01T00:00:00.5Z') > timeSortKey('2024-01-01T00:00:00.123456789Z')).toBe(true);
    const a: LogLine = { time: '2024-01-01T00:00:00.5Z', stream: 'stdout', text: 'late' };
    const b: LogLine = { time: '2024-01-01T00:00:00.12Z', stream: 'stderr', text: 'early' };
    expect(mergeByTime([a], [b]).map((l) => l.text)).toEqual(['early', 'late']);
  });

  it('truncates at the byte limit and appends the notice', () => {
    const lines: LogLine[] = ['aaaa', 'bbbb', 'cccc'].map((text) => ({ time: '2024-01-01T00:00:00Z', stream: 'stdout', text }));
    const out = formatWithLimit(lines, 10, 'NOW');
    expect(out.truncated).toBe(true);
    expect(out.lines).toHaveLength(3);
    expect(out.lines[2]).toBe(`${'NOW'.padEnd(30)} stderr: Logs were truncated because the total bytes size exceeds the limit of 10 bytes.`);
  });

  it('a zero limit keeps nothing but the notice, and no output means no notice', () => {
    const out = formatWithLimit([{ time: 't', stream: 'stdout', text: 'x' }], 0, 'NOW');
    expect(out.lines).toEqual([`${'NOW'.padEnd(30)} stderr: Logs were truncated because the total bytes size exceeds the limit of 0 bytes.`]);
    expect(formatWithLimit([], 0, 'NOW')).toEqual({ lines: [], truncated: false });
  });
});

describe('utf8Head', () => {
  /** The obvious implementation: encode everything, cut, step back off continuation bytes. */
  const reference = (text: string, max: number): string => {
    const bytes = Buffer.from(text, 'utf8');
    if (bytes.length <= max) return text;
    let end = max;
    while (end > 0 && (bytes[end] & 0xc0) === 0x80) end--;
    return bytes.subarray(0, end).toString('utf8');
  };

  it('agrees with cutting the whole encoding, for ASCII, multi-byte, astral and lone-surrogate text', () => {
    const unit = fc.oneof(fc.constantFrom('a', 'é', '€', '😀', '\ud800', '\udc00', ' '), fc.string({ maxLength: 3 }));
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 80 }), fc.integer({ min: 0, max: 200 }), (units, max) => {
        const text = units.join('');
        expect(utf8Head(text, max)).toBe(reference(text, max));
      }),
      { numRuns: 500 },
    );
  });
});
