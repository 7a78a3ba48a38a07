import { createHash } from 'node:crypto';
import type { IPublishPacket } from 'mqtt';
import type { FeedEventMeta } from '../../feed-provider';

/**
 * The identity of a QoS 1/2 message that survives its redelivery, for the runner's effectively-once ledger.
 *
 * A broker resends an unacknowledged message over the persistent session with its original packet id and the DUP
 * flag set (MQTT 3.1.1 §4.4; Mosquitto does). The packet id alone is no identity: the broker hands it to another
 * message once this one is acknowledged. So the key is the packet id with a digest of topic and payload, and a
 * delivery with DUP clear is `fresh`: a first attempt, never a repeat, whatever an older row under the same key says.
 * A DUP delivery whose key is in the ledger as fired is the repeat of a message whose fire was durable before the
 * process died, and is acknowledged without firing. QoS 0 messages have no identity (nothing redelivers them).
 */
export function mqttMessageIdentity(packet: IPublishPacket, topic: string, payload: Buffer): Pick<FeedEventMeta, 'eventKey' | 'fresh'> {
  if (packet.qos === 0 || packet.messageId === undefined) return {};
  const digest = createHash('sha256').update(topic).update('\u0000').update(payload).digest('hex').slice(0, 24);
  return { eventKey: `mqtt:${packet.messageId}:${digest}`, fresh: packet.dup !== true };
}
