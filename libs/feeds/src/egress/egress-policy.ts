import { CidrRange, INTERNAL_RANGES } from './cidr-range';
import { parseIp, type IpAddress } from './ip-address';

/** One entry of `WISP_FEED_ALLOW`: a host name or an address range, optionally on one port only. */
export interface EgressRule {
  host?: string;
  range?: CidrRange;
  port?: number;
}

/** Where Wisp itself lives: these endpoints are refused to feeds unless an entry names them explicitly. */
export interface OwnEndpoint {
  host: string;
  port: number;
}

/** The answer for one resolved address. */
export type EgressDecision = { allowed: true } | { allowed: false; reason: string };

/** `WISP_FEED_ALLOW`'s word for "any address outside the internal ranges and Wisp's own endpoints". */
export const PUBLIC_KEYWORD = 'public';

/**
 * Parses `WISP_FEED_ALLOW`: comma-separated `public`, `host[:port]`, `cidr[:port]`, `[ipv6][:port]` or
 * `[ipv6/prefix][:port]`. @throws Error naming the first entry it cannot read.
 */
export function parseEgressRules(text: string): { publicAllowed: boolean; rules: EgressRule[] } {
  let publicAllowed = false;
  const rules: EgressRule[] = [];
  for (const raw of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    if (raw.toLowerCase() === PUBLIC_KEYWORD) {
      publicAllowed = true;
      continue;
    }
    const rule = parseRule(raw);
    if (!rule) throw new Error(`cannot read the entry "${raw}" (use public, host[:port], cidr[:port] or [ipv6][:port])`);
    rules.push(rule);
  }
  return { publicAllowed, rules };
}

function parseRule(raw: string): EgressRule | undefined {
  let target = raw;
  let port: number | undefined;
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(raw);
  if (bracketed) {
    target = bracketed[1];
    port = bracketed[2] === undefined ? undefined : Number(bracketed[2]);
  } else if ((raw.match(/:/g) ?? []).length === 1) {
    const [h, p] = raw.split(':');
    if (!/^\d+$/.test(p)) return undefined;
    target = h;
    port = Number(p);
  }
  if (port !== undefined && (port < 1 || port > 65535)) return undefined;
  const range = CidrRange.parse(target);
  if (range) return { range, port };
  if (!/^[a-z0-9]([a-z0-9-]{0,62}\.?)*$/i.test(target) || target.includes('/')) return undefined;
  return { host: target.toLowerCase().replace(/\.$/, ''), port };
}

/**
 * Decides whether a feed may connect to an address. Order: an entry that names the host or a range holding the
 * address (and the port, when it has one) allows it; otherwise, with `public`, every address outside
 * {@link INTERNAL_RANGES} and Wisp's own database and broker endpoints is allowed; everything else is refused.
 * Wisp's broker endpoint is refused even when an entry covers it: no feed speaks AMQP to Wisp's own broker.
 */
export class EgressPolicy {
  private readonly own: { ip?: IpAddress; name?: string; port: number; what: string }[];

  constructor(
    private readonly publicAllowed: boolean,
    private readonly rules: EgressRule[],
    ownDatabase: OwnEndpoint[],
    private readonly ownBroker: OwnEndpoint[],
  ) {
    this.own = ownDatabase.map((e) => {
      const ip = parseIp(e.host);
      return { ...(ip ? { ip } : { name: e.host.toLowerCase() }), port: e.port, what: "Wisp's own database server" };
    });
  }

  /** Builds the policy from `WISP_FEED_ALLOW` and Wisp's own database and broker URLs. */
  static fromConfig(allow: string, databaseUrl: string, amqpUrl: string): EgressPolicy {
    const { publicAllowed, rules } = parseEgressRules(allow);
    return new EgressPolicy(publicAllowed, rules, [endpointOf(databaseUrl, 5432)], [endpointOf(amqpUrl, 5672)]);
  }

  /** The decision for connecting to `address`:`port`, reached through the name `host` (the same text for an IP). */
  decide(host: string, address: IpAddress, port: number): EgressDecision {
    const name = host.toLowerCase().replace(/\.$/, '');
    for (const b of this.ownBroker) {
      const ip = parseIp(b.host);
      const same = ip ? sameIp(ip, address) : b.host.toLowerCase() === name;
      if (same && b.port === port) return { allowed: false, reason: "it is Wisp's own message broker" };
    }
    const named = this.rules.some((r) => (r.port === undefined || r.port === port) && (r.host !== undefined ? r.host === name : r.range!.contains(address)));
    if (named) return { allowed: true };
    if (!this.publicAllowed) return { allowed: false, reason: 'it is not in WISP_FEED_ALLOW' };
    const internal = INTERNAL_RANGES.find((r) => r.contains(address));
    if (internal) return { allowed: false, reason: `${internal} is an internal range, not allowed by WISP_FEED_ALLOW` };
    const own = this.own.find((o) => (o.ip ? sameIp(o.ip, address) : o.name === name) && o.port === port);
    if (own) return { allowed: false, reason: `it is ${own.what}` };
    return { allowed: true };
  }
}

function sameIp(a: IpAddress, b: IpAddress): boolean {
  return a.version === b.version && a.bytes.every((x, i) => x === b.bytes[i]);
}

function endpointOf(url: string, defaultPort: number): OwnEndpoint {
  const u = new URL(url);
  return { host: u.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1', port: Number(u.port || defaultPort) };
}
