import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A parsed `uuid:secret` key. */
export interface ApiKeyParts {
  uuid: string;
  secret: string;
}

/** A new key in OpenWhisk's form: a UUID and a 64-character alphanumeric secret. */
export function generateApiKey(): ApiKeyParts {
  const bytes = randomBytes(64);
  let secret = '';
  for (const b of bytes) secret += ALPHANUMERIC[b % ALPHANUMERIC.length];
  return { uuid: randomUUID(), secret };
}

/** Splits `uuid:secret`; undefined when the shape is wrong. */
export function splitApiKey(key: string): ApiKeyParts | undefined {
  const i = key.indexOf(':');
  if (i <= 0) return undefined;
  const uuid = key.slice(0, i).toLowerCase();
  const secret = key.slice(i + 1);
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(uuid) || secret.length === 0) return undefined;
  return { uuid, secret };
}

/** Hex SHA-256 of a secret: keys are high-entropy random strings, so a fast hash suffices and no secret is stored. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Compares a presented secret with a stored hash in constant time. */
export function secretMatches(secret: string, storedHash: string): boolean {
  const a = Buffer.from(hashSecret(secret), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
