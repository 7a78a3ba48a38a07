import { ConfigError, loadConfig } from './wisp-config';

describe('loadConfig', () => {
  it('serves this machine by default', () => {
    const c = loadConfig({});
    expect(c.apiHost).toBe('127.0.0.1');
    expect(c.apiPort).toBe(3233);
    expect(c.databaseUrl).toBe('postgres://postgres@127.0.0.1:5432/wisp');
    expect(c.amqpUrl).toBe('amqp://guest:guest@127.0.0.1:5672');
    expect(c.seedDevKeys).toBe(false);
    expect(c.publicUrl).toBe('http://127.0.0.1:3233');
    expect(c.httpKeepAliveMs).toBe(65_000);
  });

  it('reads WISP_ variables with their types', () => {
    const c = loadConfig({ WISP_API_PORT: '8080', WISP_SEED_DEV_KEYS: 'true', WISP_INVOCATIONS_PER_MINUTE: '5' });
    expect(c.apiPort).toBe(8080);
    expect(c.seedDevKeys).toBe(true);
    expect(c.limits.invocationsPerMinute).toBe(5);
  });

  it('lists every invalid value in one error', () => {
    let error: unknown;
    try {
      loadConfig({ WISP_API_PORT: 'abc', WISP_DATABASE_URL: 'mysql://x', WISP_SEED_DEV_KEYS: 'maybe' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/WISP_API_PORT/);
    expect(problems).toMatch(/WISP_DATABASE_URL/);
    expect(problems).toMatch(/WISP_SEED_DEV_KEYS/);
    expect((error as ConfigError).problems).toHaveLength(3);
  });

  it('defaults every retention, and refuses a GitHub delivery retention shorter than its 3-day redelivery window', () => {
    expect(loadConfig({}).retention).toEqual({
      activationMs: 7 * 86_400_000, partition: 'day', deadLetterMs: 30 * 86_400_000, githubDeliveryMs: 7 * 86_400_000, feedEventMs: 7 * 86_400_000,
      activationClaimMs: 86_400_000, maintenanceIntervalMs: 600_000, dbDiskBytes: 0, dbDiskDegradedPercent: 80, auditMs: 365 * 86_400_000,
    });
    expect(loadConfig({ WISP_ACTIVATION_RETENTION: '36h', WISP_ACTIVATION_PARTITION: 'hour' }).retention).toMatchObject({ activationMs: 129_600_000, partition: 'hour' });
    expect(() => loadConfig({ WISP_FEED_EVENT_RETENTION: '2d' })).toThrow(/WISP_FEED_EVENT_RETENTION: must be at least 3d/);
    expect(() => loadConfig({ WISP_GITHUB_DELIVERY_RETENTION: '2d' })).toThrow(/WISP_GITHUB_DELIVERY_RETENTION: must be at least 3d/);
    expect(() => loadConfig({ WISP_ACTIVATION_RETENTION: 'a week' })).toThrow(/WISP_ACTIVATION_RETENTION: must be a duration/);
    expect(() => loadConfig({ WISP_ACTIVATION_PARTITION: 'minute' })).toThrow(/WISP_ACTIVATION_PARTITION/);
  });

  it('reads the secret keys from WISP_SECRET_KEY (newest first) or points at the key file under the state dir', () => {
    const hex = 'ab'.repeat(32);
    const b64 = Buffer.alloc(32, 7).toString('base64');
    expect(loadConfig({ WISP_SECRET_KEY: `${hex}, ${b64}` }).secrets).toEqual({ keys: [hex, b64], keyFile: '/var/lib/wisp/secret.key' });
    expect(loadConfig({ WISP_STATE_DIR: '/srv/wisp/' }).secrets).toEqual({ keyFile: '/srv/wisp/secret.key' });
    expect(loadConfig({ WISP_SECRET_KEY_FILE: '/etc/wisp/key' }).secrets.keyFile).toBe('/etc/wisp/key');
    expect(() => loadConfig({ WISP_SECRET_KEY: 'too-short' })).toThrow(/WISP_SECRET_KEY: must be one or more/);
    expect(() => loadConfig({ WISP_STATE_DIR: 'relative' })).toThrow(/WISP_STATE_DIR/);
  });

  it('serves HTTPS only with both a certificate and a key, and defaults the public URL to https then', () => {
    expect(loadConfig({}).tls).toBeUndefined();
    const c = loadConfig({ WISP_TLS_CERT: '/c.pem', WISP_TLS_KEY: '/k.pem', WISP_API_PORT: '8443' });
    expect(c.tls).toEqual({ certFile: '/c.pem', keyFile: '/k.pem' });
    expect(c.publicUrl).toBe('https://127.0.0.1:8443');
    expect(() => loadConfig({ WISP_TLS_CERT: '/c.pem' })).toThrow(/set both/);
    expect(() => loadConfig({ WISP_AUDIT_RETENTION: '1h' })).toThrow(/WISP_AUDIT_RETENTION: must be at least 1d/);
  });
});
