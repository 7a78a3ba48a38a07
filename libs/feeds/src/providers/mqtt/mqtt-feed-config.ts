import { FeedValidationError } from '../../feed-provider';
import { parseBrokerUrl } from './mqtt-broker';

/** How a message's bytes become the event's `payload`. */
export type MqttPayloadFormat = 'json' | 'text' | 'base64';

/** Stored configuration of an `mqtt` subscription. */
export interface MqttFeedConfig {
  /** Broker URL, `mqtt://` or `mqtts://`, credentials in the user info. */
  url: string;
  /** Topic filter; `+` matches one level, a final `#` any number of levels. */
  topic: string;
  /** Subscription QoS. At 1 and 2 the subscription owns a persistent session, so nothing is lost while Wisp is away. */
  qos: 0 | 1 | 2;
  format: MqttPayloadFormat;
  /** MQTT client id of the subscription's session; default `wisp-<subscription id>`. */
  clientId?: string;
}

const FORMATS: MqttPayloadFormat[] = ['json', 'text', 'base64'];

/** Validates and normalises the user's parameters of the `mqtt` kind. @throws FeedValidationError */
export function parseMqttFeedConfig(params: Record<string, unknown>): MqttFeedConfig {
  const { url, topic, qos, format, clientId } = params;
  if (typeof url !== 'string') {
    throw new FeedValidationError('The parameter "url" must be an mqtt:// or mqtts:// broker URL (mqtt://user:password@host:1883).');
  }
  parseBrokerUrl(url);
  if (typeof topic !== 'string' || !isTopicFilter(topic)) {
    throw new FeedValidationError('The parameter "topic" must be an MQTT topic filter: "+" only as a whole level, "#" only as the last level.');
  }
  const level = qos === undefined || qos === null || qos === '' ? 1 : Number(qos);
  if (level !== 0 && level !== 1 && level !== 2) throw new FeedValidationError('The parameter "qos" must be 0, 1 or 2.');
  const fmt = format === undefined || format === null || format === '' ? 'json' : format;
  if (typeof fmt !== 'string' || !FORMATS.includes(fmt as MqttPayloadFormat)) {
    throw new FeedValidationError('The parameter "format" must be one of json, text, base64.');
  }
  const config: MqttFeedConfig = { url, topic, qos: level, format: fmt as MqttPayloadFormat };
  if (clientId !== undefined && clientId !== null && clientId !== '') {
    if (typeof clientId !== 'string' || !/^[\w.:-]{1,128}$/.test(clientId)) {
      throw new FeedValidationError('The parameter "clientId" must be 1 to 128 letters, digits or "_.:-".');
    }
    // Wisp's own client ids (`wisp-<subscription>`, `wisp-shared-…`) name other subscriptions' sessions.
    if (clientId.toLowerCase().startsWith('wisp-')) throw new FeedValidationError('The parameter "clientId" must not start with "wisp-" (reserved for the sessions Wisp names).');
    config.clientId = clientId;
  }
  return config;
}

/** Whether `filter` is a valid MQTT topic filter. */
export function isTopicFilter(filter: string): boolean {
  if (filter.length === 0 || filter.length > 65535 || filter.includes('\u0000')) return false;
  const levels = filter.split('/');
  return levels.every((level, i) => (level.includes('+') ? level === '+' : true) && (level.includes('#') ? level === '#' && i === levels.length - 1 : true));
}

/** Whether a concrete `topic` matches `filter` (MQTT 3.1.1 §4.7; `$`-topics match no leading wildcard). */
export function topicMatches(filter: string, topic: string): boolean {
  const f = filter.split('/');
  const t = topic.split('/');
  if (topic.startsWith('$') && (f[0] === '+' || f[0] === '#')) return false;
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '#') return true;
    if (i >= t.length) return false;
    if (f[i] !== '+' && f[i] !== t[i]) return false;
  }
  return f.length === t.length;
}

/** The broker URL with its password masked, for status reasons and logs. */
export function redactedBrokerUrl(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return `${u.protocol}//${u.username ? `${u.username}${u.password ? ':***' : ''}@` : ''}${u.host}`;
}
