import { FeedValidationError } from '../../feed-provider';
import { parseBrokerUrl } from './mqtt-broker';

describe('MQTT broker URL', () => {
  it('keeps scheme, host, port, user and password, decoded', () => {
    expect(parseBrokerUrl('mqtts://dev%40x:p%40ss@broker.example.com')).toEqual({ tls: true, host: 'broker.example.com', port: 8883, username: 'dev@x', password: 'p@ss' });
  });

  it.each([
    ['mqtt://%E0:1883', 'host'],
    ['mqtt://%E0@broker.example.com', 'user'],
    ['mqtt://dev:%zz@broker.example.com', 'password'],
  ])('refuses the malformed percent-encoding of %s as a validation error naming its %s', (url, part) => {
    expect(() => parseBrokerUrl(url)).toThrow(FeedValidationError);
    expect(() => parseBrokerUrl(url)).toThrow(`The parameter "url" has a malformed percent-encoding in its ${part}.`);
  });
});
