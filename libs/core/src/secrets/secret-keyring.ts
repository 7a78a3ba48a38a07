import { createHash, randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** One AES-256 key and its id (the first 8 hex digits of the key's SHA-256, so an id never reveals the key). */
export interface SecretKey {
  id: string;
  key: Buffer;
}

/** Where the server's secret keys come from: `WISP_SECRET_KEY` (comma list) or the key file. */
export interface SecretKeySource {
  /** Keys given in the environment, newest first; when set the file is neither read nor written. */
  keys?: string[];
  /** Key file: one base64 key a line, newest first; generated (mode 0600) when missing. */
  file: string;
}

/** A key is 32 bytes written as 64 hex digits or base64. @throws Error naming the problem */
export function parseSecretKey(text: string): SecretKey {
  const t = text.trim();
  const key = /^[0-9a-f]{64}$/i.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
  if (key.length !== 32) throw new Error('a secret key must be 32 bytes, as 64 hex digits or base64');
  return { id: createHash('sha256').update(key).digest('hex').slice(0, 8), key };
}

/** A new random key in the key file's notation (base64). */
export function newSecretKeyText(): string {
  return randomBytes(32).toString('base64');
}

/**
 * The server's AES-256 keys: the first encrypts, every one decrypts (rotation adds a new first key and keeps the
 * old ones). With a key file, a key id it does not know makes it read the file again (another process rotated).
 */
export class SecretKeyring {
  private keys: SecretKey[] = [];
  private lastReload = 0;

  constructor(private readonly source: SecretKeySource) {
    this.keys = this.read();
  }

  /** The key new secrets are sealed with. */
  get active(): SecretKey {
    return this.keys[0];
  }

  /** Every key, newest first. */
  all(): SecretKey[] {
    return [...this.keys];
  }

  /** The key with id `id`, reading the key file again (at most once a second) when it is not known yet. */
  find(id: string): SecretKey | undefined {
    const known = this.keys.find((k) => k.id === id);
    if (known || this.source.keys?.length || Date.now() - this.lastReload < 1000) return known;
    this.lastReload = Date.now();
    this.keys = this.read();
    return this.keys.find((k) => k.id === id);
  }

  /**
   * Writes a new key first in the key file (the old ones stay, so what they sealed still opens) and makes it active.
   * @throws Error when the keys come from `WISP_SECRET_KEY` (rotate there: put the new key first)
   */
  rotate(): SecretKey {
    if (this.source.keys?.length) throw new Error('the keys come from WISP_SECRET_KEY: put a new key first in it (keep the old ones after it) and restart, then run secrets rotate again');
    const lines = [newSecretKeyText(), ...this.keys.map((k) => k.key.toString('base64'))];
    const tmp = `${this.source.file}.${process.pid}.tmp`;
    writeFileSync(tmp, `${lines.join('\n')}\n`, { mode: 0o600 });
    renameSync(tmp, this.source.file);
    this.keys = this.read();
    return this.active;
  }

  private read(): SecretKey[] {
    if (this.source.keys?.length) return this.source.keys.map(parseSecretKey);
    ensureKeyFile(this.source.file);
    const lines = readFileSync(this.source.file, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    if (lines.length === 0) throw new Error(`the secret key file ${this.source.file} holds no key`);
    return lines.map((l) => {
      try {
        return parseSecretKey(l);
      } catch (e) {
        throw new Error(`the secret key file ${this.source.file}: ${(e as Error).message}`);
      }
    });
  }
}

/**
 * Creates the key file with one new key, mode 0600 (its directory 0700), unless it exists. The key is written to a
 * temporary file first and linked into place, so a concurrent reader never sees an empty file and two creators
 * never both win.
 */
export function ensureKeyFile(file: string): boolean {
  if (existsSync(file)) return false;
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(tmp, `${newSecretKeyText()}\n`, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(tmp, file);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  } finally {
    unlinkSync(tmp);
  }
}
