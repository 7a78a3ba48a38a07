/** Text put in place of every secret. */
export const REDACTED = '[redacted]';

const RULES: [RegExp, string][] = [
  // An OpenWhisk key `uuid:secret`: the uuid stays (it names the key), the secret goes.
  [/\b([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}):[A-Za-z0-9]{8,}/gi, `$1:${REDACTED}`],
  [/\b(Basic|Bearer|token)\s+[A-Za-z0-9+/=._~-]{8,}/gi, `$1 ${REDACTED}`],
  // A password in a connection URL: postgres://user:secret@host, amqp://guest:guest@host.
  [/\b([a-z][a-z0-9+.-]*:\/\/[^\s:@/]*):[^\s@/]+@/gi, `$1:${REDACTED}@`],
  // `password=…`, `"token": "…"`, `api_key: …` in text, query strings and JSON.
  [/\b(password|passwd|pwd|secret|token|api_key|apikey|authkey|auth_key|authorization|x-hub-signature(?:-256)?)(["']?\s*[:=]\s*["']?)(?!\[redacted\])[^\s"',&}]+/gi, `$1$2${REDACTED}`],
];

/** Removes keys, tokens, `Authorization` values and connection passwords from `text`, so no log line carries one. */
export function scrubSecrets(text: string): string {
  let out = text;
  for (const [pattern, replacement] of RULES) out = out.replace(pattern, replacement);
  return out;
}

/** Object paths pino censors in structured fields (headers, feed parameters, connection settings). */
export const REDACTED_PATHS = [
  'authorization',
  'headers.authorization',
  'req.headers.authorization',
  '*.password',
  '*.authKey',
  '*.api_key',
  '*.token',
  '*.secret',
  '*.key',
];
