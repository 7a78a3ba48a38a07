/** The next patch version of a SemVer string (`0.0.1` → `0.0.2`); unparsable versions restart at `0.0.1`. */
export function bumpPatch(version: string): string {
  const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(version);
  return m ? `${m[1]}.${m[2]}.${Number(m[3]) + 1}` : '0.0.1';
}

/** True for a SemVer `major.minor.patch` string. */
export function isSemver(v: unknown): v is string {
  return typeof v === 'string' && /^\d+\.\d+\.\d+$/.test(v);
}
