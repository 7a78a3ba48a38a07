import { isIPv6 } from 'node:net';

/** An IP address as bytes: 4 for IPv4, 16 for IPv6. IPv4-mapped IPv6 (`::ffff:a.b.c.d`) is folded to IPv4. */
export interface IpAddress {
  version: 4 | 6;
  bytes: number[];
}

/**
 * Parses every spelling of an IPv4 address that `inet_aton` (and so libpq, mqtt.js and curl) accepts: one to four
 * parts, each decimal, hex (`0x7f`) or octal (`0177`), the last part filling the remaining bytes (`127.1`,
 * `2130706433`, `0x7f.1`). Undefined when `text` is not such an address.
 */
export function parseIpv4Loose(text: string): number[] | undefined {
  const parts = text.split('.');
  if (parts.length < 1 || parts.length > 4) return undefined;
  const values: number[] = [];
  for (const p of parts) {
    let v: number;
    if (/^0x[0-9a-f]*$/i.test(p)) v = p.length === 2 ? 0 : parseInt(p.slice(2), 16);
    else if (/^0[0-7]+$/.test(p)) v = parseInt(p, 8);
    else if (/^(0|[1-9][0-9]*)$/.test(p)) v = Number(p);
    else return undefined;
    if (!Number.isSafeInteger(v)) return undefined;
    values.push(v);
  }
  const last = values.pop()!;
  if (values.some((v) => v > 255)) return undefined;
  const lastBytes = 4 - values.length;
  if (last >= 2 ** (8 * lastBytes)) return undefined;
  const tail: number[] = [];
  for (let i = lastBytes - 1; i >= 0; i--) tail.push(Math.floor(last / 2 ** (8 * i)) % 256);
  return [...values, ...tail];
}

function parseIpv6(text: string): number[] | undefined {
  const bare = text.replace(/%.*$/, '');
  if (!isIPv6(bare)) return undefined;
  let head = bare;
  const tailV4: number[] = [];
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(bare);
  if (v4) {
    const bytes = parseIpv4Loose(v4[1]);
    if (!bytes) return undefined;
    tailV4.push(...bytes);
    head = `${bare.slice(0, -v4[1].length)}0:0`;
  }
  const [left, right] = head.includes('::') ? head.split('::') : [head, undefined];
  const groups = (s: string | undefined) => (s ? s.split(':').filter((g) => g !== '').map((g) => parseInt(g, 16)) : []);
  const l = groups(left);
  const r = groups(right);
  const words = right === undefined ? l : [...l, ...new Array(8 - l.length - r.length).fill(0), ...r];
  if (words.length !== 8) return undefined;
  const bytes = words.flatMap((w) => [w >> 8, w & 255]);
  if (tailV4.length) bytes.splice(12, 4, ...tailV4);
  return bytes;
}

/** Parses an IPv4 (any `inet_aton` spelling) or IPv6 address, brackets and zone id allowed; undefined for a name. */
export function parseIp(text: string): IpAddress | undefined {
  const t = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  const v4 = parseIpv4Loose(t);
  if (v4) return { version: 4, bytes: v4 };
  const v6 = parseIpv6(t);
  if (!v6) return undefined;
  const mapped = v6.slice(0, 10).every((b) => b === 0) && v6[10] === 255 && v6[11] === 255;
  return mapped ? { version: 4, bytes: v6.slice(12) } : { version: 6, bytes: v6 };
}

/** The canonical text of an address (`127.0.0.1`, `::1` style with full groups). */
export function formatIp(ip: IpAddress): string {
  if (ip.version === 4) return ip.bytes.join('.');
  const words: string[] = [];
  for (let i = 0; i < 16; i += 2) words.push(((ip.bytes[i] << 8) | ip.bytes[i + 1]).toString(16));
  return words.join(':');
}
