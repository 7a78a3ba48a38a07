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
      activationClaimMs: 86_400_000, maintenanceIntervalMs: 600_000, dbDiskBytes: 0, dbDiskDegradedPercent: 80,
    });
    expect(loadConfig({ WISP_ACTIVATION_RETENTION: '36h', WISP_ACTIVATION_PARTITION: 'hour' }).retention).toMatchObject({ activationMs: 129_600_000, partition: 'hour' });
    expect(() => loadConfig({ WISP_FEED_EVENT_RETENTION: '2d' })).toThrow(/WISP_FEED_EVENT_RETENTION: must be at least 3d/);
    expect(() => loadConfig({ WISP_GITHUB_DELIVERY_RETENTION: '2d' })).toThrow(/WISP_GITHUB_DELIVERY_RETENTION: must be at least 3d/);
    expect(() => loadConfig({ WISP_ACTIVATION_RETENTION: 'a week' })).toThrow(/WISP_ACTIVATION_RETENTION: must be a duration/);
    expect(() => loadConfig({ WISP_ACTIVATION_PARTITION: 'minute' })).toThrow(/WISP_ACTIVATION_PARTITION/);
  });
});
