import type { IPublishPacket } from 'mqtt';
import { mqttMessageIdentity } from './mqtt-message-identity';

const packet = (p: Partial<IPublishPacket>): IPublishPacket => ({ cmd: 'publish', topic: 't', payload: '', qos: 1, dup: false, retain: false, messageId: 7, ...p }) as IPublishPacket;

describe('mqttMessageIdentity', () => {
  it('keeps the key of a redelivery (same packet id, DUP set) and marks only first attempts fresh', () => {
    const first = mqttMessageIdentity(packet({}), 'a/b', Buffer.from('x'));
    const again = mqttMessageIdentity(packet({ dup: true }), 'a/b', Buffer.from('x'));
    expect(again.eventKey).toBe(first.eventKey);
    expect(first.fresh).toBe(true);
    expect(again.fresh).toBe(false);
  });

  it('tells apart messages that reuse a packet id with another topic or payload', () => {
    const keys = new Set([
      mqttMessageIdentity(packet({}), 'a/b', Buffer.from('x')).eventKey,
      mqttMessageIdentity(packet({}), 'a/b', Buffer.from('y')).eventKey,
      mqttMessageIdentity(packet({}), 'a/c', Buffer.from('x')).eventKey,
      mqttMessageIdentity(packet({ messageId: 8 }), 'a/b', Buffer.from('x')).eventKey,
    ]);
    expect(keys.size).toBe(4);
  });

  it('gives QoS 0 messages no identity', () => {
    expect(mqttMessageIdentity(packet({ qos: 0, messageId: undefined }), 'a', Buffer.from('x'))).toEqual({});
  });
});
