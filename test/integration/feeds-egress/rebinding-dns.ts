import dns from 'node:dns';

/** A name whose answer changes after the first query, as a TTL-0 rebinding server gives it. */
export interface RebindingDns {
  /** The feed egress check's resolver: the same answers as every other lookup in the process. */
  resolve(host: string): Promise<string[]>;
  /** Queries of the rebinding name so far, from whichever resolver. */
  readonly queries: number;
  /** Puts the process's own `dns.lookup` (what `net.connect` uses) back. */
  restore(): void;
}

/**
 * Makes `name` answer `first` to the first query and `later` to every query after it, both for the egress
 * check's resolver and for the process's `dns.lookup` (which Node's `net.connect` and http agents call), so a
 * library that resolves the name again is sent to `later`. Other names resolve as usual. Loopback addresses only.
 */
export function rebindingDns(name: string, first: string, later: string): RebindingDns {
  for (const a of [first, later]) if (!a.startsWith('127.')) throw new Error(`tests resolve to loopback only, not ${a}`);
  let queries = 0;
  const answer = () => (queries++ === 0 ? first : later);
  const original = dns.lookup;
  const patched = (host: string, options: unknown, callback?: unknown) => {
    const cb = (typeof options === 'function' ? options : callback) as (e: Error | null, a?: unknown, f?: number) => void;
    const opts = (typeof options === 'object' && options !== null ? options : {}) as { all?: boolean };
    if (host !== name) return (original as (...a: unknown[]) => void)(host, options, callback);
    const address = answer();
    process.nextTick(() => (opts.all ? cb(null, [{ address, family: 4 }]) : cb(null, address, 4)));
  };
  (dns as { lookup: unknown }).lookup = patched;
  return {
    resolve: async (host) => {
      if (host !== name) throw new Error(`only ${name} resolves in this test`);
      return [answer()];
    },
    get queries() {
      return queries;
    },
    restore: () => {
      (dns as { lookup: unknown }).lookup = original;
    },
  };
}
