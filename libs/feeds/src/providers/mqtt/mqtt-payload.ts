import type { MqttPayloadFormat } from './mqtt-feed-config';

/** A message's payload decoded in the subscription's format, or why it could not be. */
export type DecodedPayload = { payload: unknown } | { payload: string; error: string };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes `bytes` as `format`. A payload that is not what the subscription declared is not dropped: it comes back
 * base64-encoded with an `error`, and fires like any other event so the activation shows it.
 */
export function decodeMqttPayload(bytes: Buffer, format: MqttPayloadFormat): DecodedPayload {
  if (format === 'base64') return { payload: bytes.toString('base64') };
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { payload: bytes.toString('base64'), error: `the payload is not UTF-8 text (format ${format}); it is given base64-encoded` };
  }
  if (format === 'text') return { payload: text };
  try {
    return { payload: JSON.parse(text) as unknown };
  } catch (e) {
    return { payload: text, error: `the payload is not valid JSON: ${(e as Error).message}` };
  }
}
