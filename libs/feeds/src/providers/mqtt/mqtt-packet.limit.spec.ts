import { MqttPacketLimit } from './mqtt-packet.limit';

/** A packet header: type byte and MQTT's variable length. */
function header(type: number, length: number): Buffer {
  const bytes = [type];
  let n = length;
  do {
    let b = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) b |= 0x80;
    bytes.push(b);
  } while (n > 0);
  return Buffer.from(bytes);
}
const packet = (type: number, length: number) => Buffer.concat([header(type, length), Buffer.alloc(length, 1)]);
/** Feeds `bytes` in chunks of `size`; the first refusal, if any. */
const feed = (guard: MqttPacketLimit, bytes: Buffer, size: number) => {
  for (let i = 0; i < bytes.length; i += size) {
    const refusal = guard.inspect(bytes.subarray(i, i + size));
    if (refusal) return refusal;
  }
  return undefined;
};

describe('MQTT packet size guard', () => {
  it.each([1, 2, 3, 7, 1000])('lets packets up to the limit through, whatever the chunking (%i bytes at a time)', (size) => {
    const stream = Buffer.concat([packet(0x20, 2), packet(0x30, 1000), packet(0xd0, 0), packet(0x30, 127), packet(0x30, 128), packet(0x30, 16384)]);
    expect(feed(new MqttPacketLimit(16384), stream, size)).toBeUndefined();
  });

  it.each([1, 3, 1000])('refuses the first packet past the limit from its header, before its body (%i bytes at a time)', (size) => {
    const stream = Buffer.concat([packet(0x20, 2), packet(0x30, 100), header(0x30, 200 * 1024 * 1024)]);
    expect(feed(new MqttPacketLimit(16384), stream, size)).toBe('The MQTT broker sent a packet of 209715200 bytes; feeds accept at most 16384.');
  });

  it('refuses a length of more than four bytes', () => {
    expect(new MqttPacketLimit().inspect(Buffer.from([0x30, 0xff, 0xff, 0xff, 0xff, 0x01]))).toBe('The MQTT broker sent a packet with a malformed length.');
  });

  it('defaults to four times the largest payload', () => {
    expect(new MqttPacketLimit().maxBytes).toBe(4 * 1_048_576);
  });
});
