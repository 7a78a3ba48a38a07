/** What stands for the hidden part of a redacted secret. */
const ELLIPSIS = '…';

/**
 * A secret shown without revealing it: its first 4 and last 4 characters around an ellipsis (`ghp_…abcd`) when it
 * is long enough that 8 characters leave most of it hidden (at least 20), otherwise only the ellipsis.
 */
export function redactSecret(secret: string): string {
  return secret.length >= 20 ? `${secret.slice(0, 4)}${ELLIPSIS}${secret.slice(-4)}` : ELLIPSIS;
}

/**
 * A URL with its password and every query value replaced by an ellipsis (user, host, port, path and option names
 * stay, so the user recognises the target). A value that is not a URL is redacted as a whole.
 */
export function redactUrl(value: string): string {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    return redactSecret(value);
  }
  if (u.password) u.password = ELLIPSIS;
  const keys = [...new Set(u.searchParams.keys())];
  const query = keys.map((k) => `${encodeURIComponent(k)}=${ELLIPSIS}`).join('&');
  u.search = '';
  const text = u.toString().replace(encodeURIComponent(ELLIPSIS), ELLIPSIS);
  return query ? `${text}?${query}` : text;
}
