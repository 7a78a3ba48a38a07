import { FeedEgressMessages, SystemLimits } from '@wisp/core';
import type { ReceiveGuard } from '../../egress/receive-guard';

/**
 * Largest MQTT packet a feed connection takes: a publish past the largest event the fire path accepts could never
 * fire, and mqtt.js buffers a whole packet (up to 256 MB) before anything sees it.
 */
export const MQTT_MAX_PACKET_BYTES = 4 * SystemLimits.payloadMaxBytes;

type State = 'type' | 'length' | 'body';

/**
 * Follows MQTT's framing (a type byte, a 1–4 byte variable length, the body) across chunks without buffering, and
 * refuses a packet whose declared length is past `maxBytes` as soon as its header arrives, before its body does.
 */
export class MqttPacketLimit implements ReceiveGuard {
  private state: State = 'type';
  private length = 0;
  private multiplier = 1;
  private lengthBytes = 0;
  private remaining = 0;

  constructor(readonly maxBytes: number = MQTT_MAX_PACKET_BYTES) {}

  inspect(chunk: Buffer): string | undefined {
    let i = 0;
    while (i < chunk.length) {
      if (this.state === 'body') {
        const n = Math.min(this.remaining, chunk.length - i);
        this.remaining -= n;
        i += n;
        if (this.remaining === 0) this.state = 'type';
        continue;
      }
      const byte = chunk[i++];
      if (this.state === 'type') {
        this.state = 'length';
        this.length = 0;
        this.multiplier = 1;
        this.lengthBytes = 0;
        continue;
      }
      this.length += (byte & 0x7f) * this.multiplier;
      this.multiplier *= 128;
      this.lengthBytes++;
      if (byte & 0x80) {
        if (this.lengthBytes === 4) return FeedEgressMessages.packetMalformed;
        continue;
      }
      if (this.length > this.maxBytes) return FeedEgressMessages.packetTooLarge(this.length, this.maxBytes);
      this.remaining = this.length;
      this.state = this.remaining > 0 ? 'body' : 'type';
    }
    return undefined;
  }
}
