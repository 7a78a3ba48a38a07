import { CidrRange } from './cidr-range';
import { EgressPolicy, parseEgressRules } from './egress-policy';
import { formatIp, parseIp } from './ip-address';

const ip = (text: string) => {
  const parsed = parseIp(text);
  if (!parsed) throw new Error(`not an address: ${text}`);
  return parsed;
};
const production = () => EgressPolicy.fromConfig('public', 'postgres://postgres@db.internal:5432/wisp', 'amqp://guest:guest@127.0.0.1:5672');
const allowed = (p: EgressPolicy, host: string, port = 5432) => p.decide(host, ip(host), port).allowed;

describe('IP address spellings', () => {
  it.each([
    ['127.0.0.1', '127.0.0.1'],
    ['127.1', '127.0.0.1'],
    ['2130706433', '127.0.0.1'],
    ['0x7f.1', '127.0.0.1'],
    ['0x7f000001', '127.0.0.1'],
    ['0177.0.0.1', '127.0.0.1'],
    ['017700000001', '127.0.0.1'],
    ['0', '0.0.0.0'],
    ['0x', '0.0.0.0'],
    ['0.0.0.0', '0.0.0.0'],
    ['169.254.43518', '169.254.169.254'],
    ['::ffff:127.0.0.1', '127.0.0.1'],
    ['[::ffff:7f00:1]', '127.0.0.1'],
    ['::1', '0:0:0:0:0:0:0:1'],
    ['fe80::1%eth0', 'fe80:0:0:0:0:0:0:1'],
  ])('%s is %s', (text, canonical) => {
    expect(formatIp(ip(text))).toBe(canonical);
  });

  it.each(['db.example.com', '256.1.1.1', '1.2.3.4.5', '08.1.1.1', '1.2.3.4294967296', '4294967296', '', ':::'])('%s is no address', (text) => {
    expect(parseIp(text)).toBeUndefined();
  });
});

describe('CIDR ranges', () => {
  it('matches by prefix, across IPv4-mapped IPv6', () => {
    const r = CidrRange.parse('10.0.0.0/8')!;
    expect(r.contains(ip('10.255.1.2'))).toBe(true);
    expect(r.contains(ip('11.0.0.1'))).toBe(false);
    expect(r.contains(ip('::ffff:10.1.2.3'))).toBe(true);
    expect(CidrRange.parse('172.16.0.0/12')!.contains(ip('172.31.255.255'))).toBe(true);
    expect(CidrRange.parse('172.16.0.0/12')!.contains(ip('172.32.0.0'))).toBe(false);
    expect(CidrRange.parse('fc00::/7')!.contains(ip('fd12:3456::1'))).toBe(true);
    expect(CidrRange.parse('fc00::/7')!.contains(ip('fe00::1'))).toBe(false);
    expect(CidrRange.parse('::ffff:127.0.0.0/104')!.contains(ip('127.9.9.9'))).toBe(true);
    expect(CidrRange.parse('127.0.0.2')!.contains(ip('127.0.0.3'))).toBe(false);
  });

  it('refuses malformed ranges', () => {
    for (const r of ['10.0.0.0/33', '10.0.0.0/x', 'fc00::/129', 'host/8', '10/8/8']) expect(CidrRange.parse(r)).toBeUndefined();
  });
});

describe('egress policy', () => {
  it('production default refuses loopback, link-local, private ranges and "this host", in every spelling', () => {
    const p = production();
    for (const host of ['127.0.0.1', '127.1', '2130706433', '0x7f.1', '0177.0.0.1', '0.0.0.0', '0', '::1', '::ffff:127.0.0.1', '169.254.169.254', '10.1.2.3', '172.20.0.1', '192.168.1.1', 'fd00::1', 'fe80::1', '::']) {
      expect({ host, allowed: allowed(p, host) }).toEqual({ host, allowed: false });
    }
  });

  it('production default refuses every IPv6 block that carries or routes to IPv4, and the non-global ones', () => {
    const p = production();
    for (const host of ['::127.0.0.1', '::a9fe:a9fe', '::ffff:0:127.0.0.1', '::ffff:0:a9fe:a9fe', '64:ff9b::a9fe:a9fe', '2002:7f00:1::1', '2001:0:4136:e378:8000:63bf:3fff:fdd2', '100::1', 'fec0::1', 'fed0::1']) {
      expect({ host, allowed: allowed(p, host) }).toEqual({ host, allowed: false });
    }
    expect(allowed(p, '2001:4860:4860::8888')).toBe(true);
  });

  it('production default allows public addresses, but not Wisp\'s own database host by its name', () => {
    expect(allowed(production(), '93.184.216.34')).toBe(true);
    expect(production().decide('DB.internal', ip('198.51.100.9'), 5432).allowed).toBe(false);
    expect(production().decide('db.internal', ip('198.51.100.9'), 5433).allowed).toBe(true);
    expect(allowed(production(), '2606:2800:220:1:248:1893:25c8:1946')).toBe(true);
  });

  it('refuses the addresses of Wisp\'s own database with `public`, and its broker even when a range allows it', () => {
    const p = EgressPolicy.fromConfig('public,127.0.0.0/8', 'postgres://postgres@203.0.113.7:5432/wisp', 'amqp://guest:guest@127.0.0.1:5672');
    expect(allowed(p, '203.0.113.7', 5432)).toBe(false);
    expect(allowed(p, '203.0.113.7', 5433)).toBe(true);
    expect(allowed(p, '127.0.0.1', 5672)).toBe(false);
    expect(allowed(p, '127.1', 5672)).toBe(false);
    expect(allowed(p, '127.0.0.1', 1883)).toBe(true);
  });

  it('entries allow a host, a range, an address on one port; without `public` nothing else passes', () => {
    const p = EgressPolicy.fromConfig('127.0.0.2,db.example.com:5432,[::1]:1883,10.0.0.0/8', 'postgres://x@127.0.0.1/wisp', 'amqp://127.0.0.1');
    expect(allowed(p, '127.0.0.2', 9999)).toBe(true);
    expect(allowed(p, '127.0.0.3', 9999)).toBe(false);
    expect(p.decide('db.example.com', ip('198.51.100.1'), 5432).allowed).toBe(true);
    expect(p.decide('DB.example.com.', ip('198.51.100.1'), 5432).allowed).toBe(true);
    expect(p.decide('db.example.com', ip('198.51.100.1'), 5433).allowed).toBe(false);
    expect(allowed(p, '::1', 1883)).toBe(true);
    expect(allowed(p, '::1', 1884)).toBe(false);
    expect(allowed(p, '10.9.8.7', 1)).toBe(true);
    expect(allowed(p, '93.184.216.34')).toBe(false);
  });

  it('reads WISP_FEED_ALLOW and names an entry it cannot read', () => {
    expect(parseEgressRules('public, 127.0.0.0/8 ,::1').publicAllowed).toBe(true);
    expect(parseEgressRules('127.0.0.0/8:5432').rules[0]).toMatchObject({ port: 5432 });
    expect(() => parseEgressRules('public,bad host')).toThrow('"bad host"');
    expect(() => parseEgressRules('10.0.0.0/8:99999')).toThrow('10.0.0.0/8:99999');
  });
});
