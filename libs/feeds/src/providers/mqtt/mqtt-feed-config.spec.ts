import { isTopicFilter, redactedBrokerUrl, topicMatches } from './mqtt-feed-config';
import { decodeMqttPayload } from './mqtt-payload';

describe('MQTT topic filters', () => {
  it.each([
    ['a/+/c', 'a/b/c', true],
    ['a/+/c', 'a/b/d/c', false],
    ['a/#', 'a', true],
    ['a/#', 'a/b/c', true],
    ['#', '$SYS/broker', false],
    ['+/x', '$SYS/x', false],
    ['a/b', 'a/b/c', false],
    ['+', 'a', true],
  ])('%s matches %s: %s', (filter, topic, expected) => {
    expect(topicMatches(filter, topic)).toBe(expected);
  });

  it('validates wildcards', () => {
    expect(['a/+/b', '#', 'a/#', '+/+'].every(isTopicFilter)).toBe(true);
    expect(['', 'a/b+', 'a/#/b', 'a#'].some(isTopicFilter)).toBe(false);
  });

  it('masks the password of a broker URL', () => {
    expect(redactedBrokerUrl('mqtts://bob:s3cret@broker:8883')).toBe('mqtts://bob:***@broker:8883');
  });
});

describe('decodeMqttPayload', () => {
  it('decodes json, text and base64, and keeps an undecodable payload with an error', () => {
    expect(decodeMqttPayload(Buffer.from('{"a":1}'), 'json')).toEqual({ payload: { a: 1 } });
    expect(decodeMqttPayload(Buffer.from('hi'), 'text')).toEqual({ payload: 'hi' });
    expect(decodeMqttPayload(Buffer.from([1, 2]), 'base64')).toEqual({ payload: 'AQI=' });
    expect(decodeMqttPayload(Buffer.from('nope'), 'json')).toMatchObject({ payload: 'nope', error: expect.stringContaining('not valid JSON') });
    expect(decodeMqttPayload(Buffer.from([0xff]), 'text')).toMatchObject({ payload: '/w==', error: expect.stringContaining('not UTF-8') });
  });
});
