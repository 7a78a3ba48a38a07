import { MqttClient, type IClientOptions } from 'mqtt';
import { FeedEgressMessages } from '@wisp/core';
import type { FeedConnector, VettedEndpoint } from '../../egress/feed-connector';
import { decodeUrlPart } from '../../egress/url-part';
import { FeedValidationError } from '../../feed-provider';
import { MqttPacketLimit } from './mqtt-packet.limit';

/** A broker URL broken into the parts Wisp passes on; nothing else of the URL reaches mqtt.js. */
export interface MqttBroker {
  tls: boolean;
  host: string;
  port: number;
  username?: string;
  password?: string;
}

/** A broker that passed the egress policy, with the connector that dials its vetted address. */
export interface VettedBroker {
  broker: MqttBroker;
  endpoint: VettedEndpoint;
  egress: FeedConnector;
}

/**
 * Reads `mqtt://user:password@host:port` or `mqtts://…` strictly. No query option is accepted (mqtt.js would let
 * `?clientId=` override the client id Wisp validated), nor a path, nor another scheme (`ws`, `+unix`).
 * @throws FeedValidationError naming the refused part
 */
export function parseBrokerUrl(url: string, param = 'url'): MqttBroker {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new FeedValidationError(`The parameter "${param}" must be an mqtt:// or mqtts:// broker URL (mqtt://user:password@host:1883).`);
  }
  if ((u.protocol !== 'mqtt:' && u.protocol !== 'mqtts:') || u.hostname === '') {
    throw new FeedValidationError(`The parameter "${param}" must be an mqtt:// or mqtts:// broker URL (mqtt://user:password@host:1883).`);
  }
  for (const key of new Set(u.searchParams.keys())) throw new FeedValidationError(FeedEgressMessages.optionRefused(key, param, []));
  if (u.pathname !== '' && u.pathname !== '/') throw new FeedValidationError(`The parameter "${param}" must not have a path (got ${u.pathname}).`);
  const tls = u.protocol === 'mqtts:';
  const broker: MqttBroker = { tls, host: decodeUrlPart(u.hostname, param, 'host').replace(/^\[|\]$/g, ''), port: u.port === '' ? (tls ? 8883 : 1883) : Number(u.port) };
  if (u.username !== '') broker.username = decodeUrlPart(u.username, param, 'user');
  if (u.password !== '') broker.password = decodeUrlPart(u.password, param, 'password');
  return broker;
}

/** Parses and vets a broker URL (its host resolved once); nothing is opened. @throws FeedValidationError, FeedEgressError */
export async function vetBroker(egress: FeedConnector, url: string): Promise<VettedBroker> {
  const broker = parseBrokerUrl(url);
  return { broker, endpoint: await egress.vet(broker.host, broker.port), egress };
}

/**
 * An mqtt.js client whose every (re)connection is a socket the connector dials to the vetted address (TLS checks
 * the broker's name), each with its own packet-size guard. The URL never reaches mqtt.js, so no option of it (and
 * no MQTTJS_* variable) applies.
 */
export function mqttClient(v: VettedBroker, options: IClientOptions): MqttClient {
  const { broker } = v;
  const all: IClientOptions = {
    ...options,
    protocol: broker.tls ? 'mqtts' : 'mqtt',
    host: broker.host,
    port: broker.port,
    ...(broker.username !== undefined ? { username: broker.username } : {}),
    ...(broker.password !== undefined ? { password: broker.password } : {}),
  };
  return new MqttClient(() => v.egress.dial(v.endpoint, broker.tls ? {} : undefined, [new MqttPacketLimit()]), all);
}
