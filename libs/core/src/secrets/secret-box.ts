import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SecretKeyring } from './secret-keyring';

/** Prefix of every sealed value: `wisp-enc:v1:<key id>:<base64url of iv | tag | ciphertext>`. */
export const SEALED_PREFIX = 'wisp-enc:v1:';
const SEALED = /^wisp-enc:v1:([0-9a-f]{8}):([A-Za-z0-9_-]+)$/;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A sealed value that cannot be opened: its key is not in the keyring, or it was altered. */
export class SecretOpenError extends Error {}

/** Whether `value` has the form of a sealed secret (not whether it opens). */
export function isSealed(value: unknown): value is string {
  return typeof value === 'string' && SEALED.test(value);
}

/** The id of the key that sealed `value`, or undefined when it is not sealed. */
export function sealedKeyId(value: string): string | undefined {
  return SEALED.exec(value)?.[1];
}

/**
 * Seals and opens secrets with AES-256-GCM (node:crypto): a random 96-bit IV per value, the 128-bit tag checked on
 * open, and the sealing key's id in the text so a rotated keyring still opens what older keys sealed.
 */
export class SecretBox {
  constructor(readonly keyring: SecretKeyring) {}

  /** Seals `plain` under the active key. */
  seal(plain: string): string {
    const { id, key } = this.keyring.active;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `${SEALED_PREFIX}${id}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
  }

  /** Opens a sealed value. @throws SecretOpenError when its key is unknown or the value was tampered with */
  open(sealed: string): string {
    const m = SEALED.exec(sealed);
    if (!m) throw new SecretOpenError('not a sealed secret');
    const key = this.keyring.find(m[1]);
    if (!key) throw new SecretOpenError(`secret sealed with key ${m[1]}, which is not in the keyring (WISP_SECRET_KEY or the key file)`);
    const raw = Buffer.from(m[2], 'base64url');
    if (raw.length < IV_BYTES + TAG_BYTES) throw new SecretOpenError('sealed secret is truncated');
    try {
      const decipher = createDecipheriv('aes-256-gcm', key.key, raw.subarray(0, IV_BYTES));
      decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretOpenError(`sealed secret does not authenticate under key ${m[1]}`);
    }
  }

  /** Seals again under the active key when another key sealed it; undefined when it already is the active key's. */
  reseal(sealed: string): string | undefined {
    if (sealedKeyId(sealed) === this.keyring.active.id) return undefined;
    return this.seal(this.open(sealed));
  }
}
