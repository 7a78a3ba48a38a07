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

/** One of Wisp's own endpoints as the policy matches it: by address, or by name until the name is resolved. */
interface OwnTarget {
  ip?: IpAddress;
  name?: string;
  port: number;
  /** The broker is refused even where an entry allows its address; the database only where `public` would. */
  broker: boolean;
}

/**
 * Decides whether a feed may connect to an address. Order: an entry that names the host or a range holding the
 * address (and the port, when it has one) allows it; otherwise, with `public`, every address outside
 * {@link INTERNAL_RANGES} and Wisp's own database and broker endpoints is allowed; everything else is refused.
 * Wisp's broker endpoint is refused even when an entry covers it: no feed speaks AMQP to Wisp's own broker.
 * Own endpoints given by name match that name until {@link addOwnAddresses} adds what it resolves to; from then
 * on any other name or spelling of those addresses matches too.
 */
export class EgressPolicy {
  private readonly own: OwnTarget[] = [];

  constructor(
    private readonly publicAllowed: boolean,
    private readonly rules: EgressRule[],
    ownDatabase: OwnEndpoint[],
    ownBroker: OwnEndpoint[],
  ) {
    for (const [list, broker] of [
      [ownDatabase, false],
      [ownBroker, true],
    ] as const) {
      for (const e of list) {
        const ip = parseIp(e.host);
        this.own.push({ ...(ip ? { ip } : { name: normalName(e.host) }), port: e.port, broker });
      }
    }
  }

  /** Builds the policy from `WISP_FEED_ALLOW` and Wisp's own database and broker URLs. */
  static fromConfig(allow: string, databaseUrl: string, amqpUrl: string): EgressPolicy {
    const { publicAllowed, rules } = parseEgressRules(allow);
    return new EgressPolicy(publicAllowed, rules, [endpointOf(databaseUrl, 5432)], [endpointOf(amqpUrl, 5672)]);
  }

  /** Host names of Wisp's own endpoints (to resolve once at boot). */
  ownNames(): string[] {
    return [...new Set(this.own.flatMap((o) => (o.name ? [o.name] : [])))];
  }

  /** Makes the addresses `name` resolves to count as Wisp's own endpoints (same ports and roles as the name). */
  addOwnAddresses(name: string, addresses: IpAddress[]): void {
    for (const o of this.own.filter((e) => e.name === normalName(name))) {
      for (const ip of addresses) this.own.push({ ip, port: o.port, broker: o.broker });
    }
  }

  /** The decision for connecting to `address`:`port`, reached through the name `host` (the same text for an IP). */
  decide(host: string, address: IpAddress, port: number): EgressDecision {
    const name = normalName(host);
    const isOwn = (o: OwnTarget) => o.port === port && (o.ip ? sameIp(o.ip, address) : o.name === name);
    if (this.own.some((o) => o.broker && isOwn(o))) return { allowed: false, reason: "it is Wisp's own message broker" };
    const named = this.rules.some((r) => (r.port === undefined || r.port === port) && (r.host !== undefined ? r.host === name : r.range!.contains(address)));
    if (named) return { allowed: true };
    if (!this.publicAllowed) return { allowed: false, reason: 'it is not in WISP_FEED_ALLOW' };
    const internal = INTERNAL_RANGES.find((r) => r.contains(address));
    if (internal) return { allowed: false, reason: `${internal} is an internal range, not allowed by WISP_FEED_ALLOW` };
    if (this.own.some((o) => !o.broker && isOwn(o))) return { allowed: false, reason: "it is Wisp's own database server" };
    return { allowed: true };
  }
}

function normalName(host: string): string {
  return host.toLowerCase().replace(/\.$/, '');
}

function sameIp(a: IpAddress, b: IpAddress): boolean {
  return a.version === b.version && a.bytes.every((x, i) => x === b.bytes[i]);
}

function endpointOf(url: string, defaultPort: number): OwnEndpoint {
  const u = new URL(url);
  return { host: u.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1', port: Number(u.port || defaultPort) };
}
