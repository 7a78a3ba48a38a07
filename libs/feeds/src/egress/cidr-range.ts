import { formatIp, parseIp, type IpAddress } from './ip-address';

/** A block of addresses: `10.0.0.0/8`, `fc00::/7`, or a single address. */
export class CidrRange {
  private constructor(
    readonly base: IpAddress,
    readonly prefix: number,
  ) {}

  /** Parses `address[/prefix]`; undefined when it is not one. */
  static parse(text: string): CidrRange | undefined {
    const [addr, bits, extra] = text.split('/');
    if (extra !== undefined) return undefined;
    const ip = parseIp(addr);
    if (!ip) return undefined;
    const max = ip.version === 4 ? 32 : 128;
    // A prefix written for an IPv6 spelling of an IPv4-mapped address counts the 96 mapping bits.
    const mappedOffset = ip.version === 4 && addr.includes(':') ? 96 : 0;
    const prefix = bits === undefined ? max : Number(bits) - mappedOffset;
    if (bits !== undefined && !/^\d{1,3}$/.test(bits)) return undefined;
    if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) return undefined;
    return new CidrRange(ip, prefix);
  }

  /** Whether `ip` lies in this range (IPv4-mapped IPv6 addresses arrive folded to IPv4). */
  contains(ip: IpAddress): boolean {
    if (ip.version !== this.base.version) return false;
    let left = this.prefix;
    for (let i = 0; left > 0; i++, left -= 8) {
      const mask = left >= 8 ? 0xff : (0xff << (8 - left)) & 0xff;
      if ((ip.bytes[i] & mask) !== (this.base.bytes[i] & mask)) return false;
    }
    return true;
  }

  toString(): string {
    return `${formatIp(this.base)}/${this.prefix}`;
  }
}

/**
 * Addresses a feed never reaches unless an operator allows them by name: "this host", loopback, link-local (the
 * cloud metadata service 169.254.169.254 among them), private and shared ranges, multicast and reserved blocks,
 * and every IPv6 block that carries or routes to an IPv4 address (IPv4-compatible `::a.b.c.d`, IPv4-translated
 * `::ffff:0:a.b.c.d`, NAT64, 6to4, Teredo) or is otherwise not global (site-local, discard-only).
 */
export const INTERNAL_RANGES: CidrRange[] = [
  '0.0.0.0/8',
  '10.0.0.0/8',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.0.0.0/24',
  '192.168.0.0/16',
  '198.18.0.0/15',
  '224.0.0.0/4',
  '240.0.0.0/4',
  '::/96',
  '::ffff:0:0:0/96',
  '64:ff9b::/96',
  '64:ff9b:1::/48',
  '100::/64',
  '2001::/32',
  '2002::/16',
  'fc00::/7',
  'fe80::/10',
  'fec0::/10',
  'ff00::/8',
].map((r) => CidrRange.parse(r)!);
