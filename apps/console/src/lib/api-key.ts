const KEY = /^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}):(\S{1,512})$/;

/** A key as typed on the sign-in page, checked for OpenWhisk's `uuid:secret` shape before it is sent anywhere. */
export type KeyCheck = { ok: true; key: string; uuid: string } | { ok: false; error: string };

/** Trims and checks an API key; the error text never repeats the key. */
export function checkApiKey(input: string): KeyCheck {
  const key = input.trim();
  if (key === '') return { ok: false, error: 'Enter an API key.' };
  const m = KEY.exec(key);
  if (!m) return { ok: false, error: 'An API key looks like uuid:secret, e.g. 23bc46b1-71f6-4ed5-8c54-816aa4f8c502:123zO3x…' };
  return { ok: true, key, uuid: m[1] };
}
