import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isSealed, SecretBox, sealedKeyId, SecretOpenError } from './secret-box';
import { ensureKeyFile, newSecretKeyText, parseSecretKey, SecretKeyring } from './secret-keyring';
import { redactSecret, redactUrl } from './secret-redaction';

describe('SecretBox (AES-256-GCM with key ids)', () => {
  const k1 = newSecretKeyText();
  const k2 = newSecretKeyText();

  it('seals with a random IV under the active key and opens it again; the text holds no part of the secret', () => {
    const box = new SecretBox(new SecretKeyring({ keys: [k1], file: '/nonexistent' }));
    const a = box.seal('ghp_supersecrettoken1234');
    const b = box.seal('ghp_supersecrettoken1234');
    expect(a).not.toEqual(b);
    expect(isSealed(a)).toBe(true);
    expect(a).not.toContain('supersecret');
    expect(sealedKeyId(a)).toBe(parseSecretKey(k1).id);
    expect(box.open(a)).toBe('ghp_supersecrettoken1234');
  });

  it('a rotated keyring opens what the old key sealed and reseals it under the new one', () => {
    const old = new SecretBox(new SecretKeyring({ keys: [k1], file: '/nonexistent' }));
    const sealed = old.seal('p@ss');
    const rotated = new SecretBox(new SecretKeyring({ keys: [k2, k1], file: '/nonexistent' }));
    expect(rotated.open(sealed)).toBe('p@ss');
    const again = rotated.reseal(sealed)!;
    expect(sealedKeyId(again)).toBe(parseSecretKey(k2).id);
    expect(rotated.reseal(again)).toBeUndefined();
    expect(() => old.open(again)).toThrow(SecretOpenError);
  });

  it('refuses a tampered value, a value of an unknown key, and a lookalike', () => {
    const box = new SecretBox(new SecretKeyring({ keys: [k1], file: '/nonexistent' }));
    const sealed = box.seal('secret value');
    const body = sealed.slice(sealed.lastIndexOf(':') + 1);
    const flipped = `${sealed.slice(0, sealed.lastIndexOf(':') + 1)}${body[0] === 'A' ? 'B' : 'A'}${body.slice(1)}`;
    expect(() => box.open(flipped)).toThrow(SecretOpenError);
    expect(() => box.open(sealed.replace(/:([0-9a-f]{8}):/, ':00000000:'))).toThrow(/not in the keyring/);
    expect(() => box.open('wisp-enc:v1:deadbeef:AAAA')).toThrow(SecretOpenError);
    expect(isSealed('wisp-enc:v1:nothex!!:AAAA')).toBe(false);
  });

  it('generates the key file once with mode 0600, rotates it keeping the old key, and reloads it for an unknown id', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wisp-keys-'));
    const file = join(dir, 'state', 'secret.key');
    try {
      expect(ensureKeyFile(file)).toBe(true);
      expect(ensureKeyFile(file)).toBe(false);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const server = new SecretBox(new SecretKeyring({ file }));
      const admin = new SecretKeyring({ file });
      const before = admin.active.id;
      const sealedOld = server.seal('old');
      const next = admin.rotate();
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(2);
      expect(admin.all().map((k) => k.id)).toEqual([next.id, before]);
      const sealedNew = new SecretBox(admin).seal('new');
      expect(server.open(sealedNew)).toBe('new');
      expect(server.open(sealedOld)).toBe('old');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => parseSecretKey('abcd')).toThrow(/32 bytes/);
    expect(parseSecretKey('00'.repeat(32)).key).toHaveLength(32);
  });
});

describe('redaction', () => {
  it('shows a long token by its ends only, a short one not at all', () => {
    expect(redactSecret('ghp_0123456789abcdefabcd')).toBe('ghp_…abcd');
    expect(redactSecret('short-secret')).toBe('…');
  });

  it('hides a URL password and every query value, keeping user, host, port and path', () => {
    expect(redactUrl('postgres://app:s3cr3t@db.example:5432/shop?sslmode=require')).toBe('postgres://app:…@db.example:5432/shop?sslmode=…');
    expect(redactUrl('mqtt://user:pw@broker:1883')).toBe('mqtt://user:…@broker:1883');
    expect(redactUrl('mqtt://broker:1883')).toBe('mqtt://broker:1883');
    expect(redactUrl('not a url but a long secret value')).toBe('not …alue');
  });
});
