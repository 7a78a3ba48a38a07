import { z } from 'zod';
import type { NamespaceThrottles } from '../limits/namespace-limits';
import { parseDuration } from './duration';

/** 32 bytes as 64 hex digits or base64 (the secret keys' notation). */
const KEY_TEXT = /^([0-9a-f]{64}|[A-Za-z0-9+/]{43}=?)$/i;

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'])
  .transform((v) => ['true', '1', 'yes', 'on'].includes(v));
const int = (min: number, max = Number.MAX_SAFE_INTEGER) => z.coerce.number().int().min(min).max(max);
/** A duration (`30s`, `10m`, `36h`, `7d`) of at least `minMs`, as milliseconds. */
const duration = (minMs: number, minText: string) =>
  z
    .string()
    .refine((v) => parseDuration(v) !== undefined, 'must be a duration such as 30s, 10m, 36h or 7d')
    .transform((v) => parseDuration(v)!)
    .refine((ms) => ms >= minMs, `must be at least ${minText}`);

/** One `WISP_FEED_ALLOW` entry (the feed egress policy reads it in full). */
const FEED_ALLOW_ENTRY = /^(public|\[[0-9a-f:.]+(\/\d{1,3})?\](:\d{1,5})?|[0-9a-f]*:[0-9a-f]*:[0-9a-f:.]*(\/\d{1,3})?|[a-z0-9.-]+(\/\d{1,2})?(:\d{1,5})?)$/i;

/** Every `WISP_*` variable, its default and its validation. The only place that reads `process.env`. */
const schema = z.object({
  WISP_API_HOST: z.string().min(1).default('127.0.0.1'),
  WISP_API_PORT: int(0, 65535).default(3233),
  WISP_PUBLIC_URL: z.string().url().optional(),
  WISP_HTTP_KEEP_ALIVE_MS: int(1000, 600_000).default(65_000),
  WISP_DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').default('postgres://postgres@127.0.0.1:5432/wisp'),
  WISP_AMQP_URL: z.string().regex(/^amqps?:\/\//, 'must be an amqp:// URL').default('amqp://guest:guest@127.0.0.1:5672'),
  WISP_DOCKER_SOCKET: z.string().min(1).default('/var/run/docker.sock'),
  WISP_SEED_DEV_KEYS: bool.default('false'),
  WISP_CONTROLLER_ID: z.string().regex(/^[\w.-]+$/).optional(),
  WISP_INVOKER_ID: z.string().regex(/^[\w.-]+$/).optional(),
  WISP_INVOKER_MEMORY_MB: int(128).default(2048),
  WISP_ACTION_NETWORK: z.string().min(1).default('none'),
  WISP_RUNTIME_IMAGE: z.string().min(1).default('wisp/action-nodejs:20'),
  WISP_CONTAINER_DIR: z.string().min(1).default('/var/lib/wisp/containers'),
  WISP_PAUSE_GRACE_MS: int(0).default(10_000),
  WISP_IDLE_TTL_MS: int(1000).default(600_000),
  WISP_PREWARM_COUNT: int(0, 16).default(2),
  WISP_INVOKER_OFFLINE_MS: int(1000).default(10_000),
  WISP_CONTAINER_START_CONCURRENCY: int(1, 64).default(4),
  WISP_INVOCATIONS_PER_MINUTE: int(1).default(60),
  WISP_CONCURRENT_INVOCATIONS: int(1).default(30),
  WISP_FIRES_PER_MINUTE: int(1).default(60),
  WISP_FEED_ALLOW: z
    .string()
    .refine((v) => v.split(',').every((e) => e.trim() === '' || FEED_ALLOW_ENTRY.test(e.trim())), 'must list public, host[:port], cidr[:port] or [ipv6][:port], comma-separated')
    .default('public'),
  WISP_FEEDS_PER_NAMESPACE: int(0).default(50),
  WISP_FEED_CONNECTIONS_PER_NAMESPACE: int(0).default(10),
  WISP_LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug', 'verbose']).default('log'),
  WISP_LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto'),
  WISP_INVOKER_METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  WISP_INVOKER_METRICS_PORT: int(0, 65535).default(9233),
  WISP_METRICS_NAMESPACE_LABELS: bool.default('false'),
  WISP_DB_CONNECT_TIMEOUT_MS: int(100).default(3_000),
  WISP_DB_QUERY_TIMEOUT_MS: int(100).default(10_000),
  WISP_BROKER_ACCEPT_TIMEOUT_MS: int(100, 4_000).default(3_000),
  WISP_RETRY_AFTER_S: int(1, 3_600).default(5),
  WISP_RECORD_BACKLOG_BYTES: int(1_048_576).default(64 * 1_048_576),
  WISP_ACTIVATION_RETENTION: duration(3_600_000, '1h').default('7d'),
  WISP_ACTIVATION_PARTITION: z.enum(['day', 'hour']).default('day'),
  WISP_DEAD_LETTER_RETENTION: duration(3_600_000, '1h').default('30d'),
  // GitHub lets a delivery be redelivered for 3 days: a shorter window would fire a redelivery twice.
  WISP_GITHUB_DELIVERY_RETENTION: duration(3 * 86_400_000, '3d').default('7d'),
  // Feed event identities (MQTT sessions, replication slots, GitHub) are replayed within days: the same floor.
  WISP_FEED_EVENT_RETENTION: duration(3 * 86_400_000, '3d').default('7d'),
  // A claim must outlive any redelivery of its message (a queue's residence is far below a day).
  WISP_ACTIVATION_CLAIM_RETENTION: duration(3_600_000, '1h').default('24h'),
  WISP_MAINTENANCE_INTERVAL: duration(1_000, '1s').default('10m'),
  WISP_DB_DISK_BYTES: int(0).default(0),
  WISP_DB_DISK_DEGRADED_PERCENT: int(1, 100).default(80),
  WISP_ACTION_KEY_GRACE_MS: int(0, 3_600_000).default(30_000),
  WISP_STATE_DIR: z.string().regex(/^\//, 'must be an absolute path').default('/var/lib/wisp'),
  WISP_SECRET_KEY: z
    .string()
    .refine((v) => v.split(',').every((k) => KEY_TEXT.test(k.trim())), 'must be one or more comma-separated 32-byte keys (64 hex digits or base64), newest first')
    .optional(),
  WISP_SECRET_KEY_FILE: z.string().regex(/^\//, 'must be an absolute path').optional(),
  WISP_AUDIT_RETENTION: duration(86_400_000, '1d').default('365d'),
  WISP_TLS_CERT: z.string().min(1).optional(),
  WISP_TLS_KEY: z.string().min(1).optional(),
});

/** Validated, typed configuration shared by every Wisp process. */
export interface WispConfig {
  /** Interface the REST API binds to. */
  apiHost: string;
  /** Port of the REST API (OpenWhisk standalone's 3233 by default). */
  apiPort: number;
  /** Base URL the outside world reaches this API under (webhook callbacks); defaults to http://apiHost:apiPort. */
  publicUrl: string;
  /**
   * How long the API keeps an idle client connection open, ms. Longer than the idle timeouts of clients and load
   * balancers in front (60 s is common), so the server is never the side that closes a connection a client is
   * about to reuse (the client would see "other side closed" on a request it had sent).
   */
  httpKeepAliveMs: number;
  /** PostgreSQL connection URL. */
  databaseUrl: string;
  /** RabbitMQ connection URL. */
  amqpUrl: string;
  /** Docker engine unix socket. */
  dockerSocket: string;
  /** Seed OpenWhisk's well-known guest and whisk.system keys at boot. */
  seedDevKeys: boolean;
  /** Identity of this controller instance (names its reply queue). */
  controllerId: string;
  /** Identity of this invoker (names its queue and labels its containers). */
  invokerId: string;
  /** Memory the invoker may hand to action containers, in MB. */
  invokerMemoryMb: number;
  /** Docker network for action containers (`none` keeps them off every network). */
  actionNetwork: string;
  /** Image of the nodejs:20 runtime. */
  runtimeImage: string;
  /** Host directory holding one bind-mounted socket directory per container. */
  containerDir: string;
  /** Idle time before a warm container is paused, ms. */
  pauseGraceMs: number;
  /** Idle time before a warm container is removed, ms. */
  idleTtlMs: number;
  /** Prewarmed nodejs:20 stem cells kept ready. */
  prewarmCount: number;
  /** Containers an invoker creates at the same time; a burst beyond it queues. */
  containerStartConcurrency: number;
  /** Silence after which an invoker counts as offline, ms. */
  invokerOfflineMs: number;
  /**
   * Where feeds may connect (`WISP_FEED_ALLOW`): comma-separated `public` (any address outside loopback, link-local
   * and private ranges and Wisp's own endpoints), `host[:port]`, `cidr[:port]`, `[ipv6][:port]`.
   */
  feedAllow: string;
  /** Default per-namespace throttles and feed limits. */
  limits: NamespaceThrottles;
  /**
   * How long an activation key outlives its action's timeout, ms: covers the wait in the invoker's queue and a
   * completion that never arrives (the key is revoked when the completion does).
   */
  actionKeyGraceMs: number;
  /** Where the server keeps its state (the generated secret key file). */
  stateDir: string;
  /** Keys that seal feed secrets at rest. */
  secrets: SecretsConfig;
  /** HTTPS: PEM files of the API's certificate chain and private key; absent, the API speaks plain HTTP. */
  tls?: { certFile: string; keyFile: string };
  /** Nest log level floor. */
  logLevel: 'error' | 'warn' | 'log' | 'debug' | 'verbose';
  /** `json` (one object a line), `pretty` (for a person), or `auto`: pretty on a TTY, JSON otherwise. */
  logFormat: 'auto' | 'json' | 'pretty';
  /** Prometheus metrics and the operators' surfaces. */
  metrics: MetricsConfig;
  /** How Wisp behaves while PostgreSQL or RabbitMQ is unreachable. */
  outage: OutageConfig;
  /** How long each growing table keeps its rows, and when the database counts as short of disk. */
  retention: RetentionConfig;
}

/** Where the invoker serves `/metrics` and `/health/*`, and how wide metric labels may get. */
export interface MetricsConfig {
  /** Interface of the invoker's metrics and health server (loopback by default). */
  invokerHost: string;
  /** Port of the invoker's metrics and health server; 0 turns it off. */
  invokerPort: number;
  /** Label samples with the namespace (unbounded cardinality with many tenants; off by default). */
  namespaceLabels: boolean;
}

/** Retention of every growing table; the maintenance job (one controller at a time) applies it. */
export interface RetentionConfig {
  /** Activation records are kept at least this long, ms; a partition is dropped once all of it is older. */
  activationMs: number;
  /** Width of one activations partition. */
  partition: 'day' | 'hour';
  /** Dead letters (events whose delivery ran out of retries), ms. */
  deadLetterMs: number;
  /** GitHub delivery ids (dedupe keys), ms; at least GitHub's 3-day redelivery window. */
  githubDeliveryMs: number;
  /** Feed event identities of the effectively-once ledger, ms; at least 3 days (GitHub's redelivery window). */
  feedEventMs: number;
  /** Activation claims (first-writer-wins per activation id), ms; longer than any message's redelivery. */
  activationClaimMs: number;
  /** Audit events (key, namespace, limit and feed secret changes), ms. */
  auditMs: number;
  /** How often the maintenance job runs, ms. */
  maintenanceIntervalMs: number;
  /** Disk space the database may use, bytes; 0 turns the disk-use check off. */
  dbDiskBytes: number;
  /** Share of {@link dbDiskBytes} (percent) from which the database counts as degraded. */
  dbDiskDegradedPercent: number;
}

/** Where the AES-256-GCM keys sealing feed secrets come from. */
export interface SecretsConfig {
  /** `WISP_SECRET_KEY`: keys newest first (the first seals, all open); when set, the key file is not used. */
  keys?: string[];
  /** The key file (`WISP_SECRET_KEY_FILE`, default `$WISP_STATE_DIR/secret.key`), generated with mode 0600 when missing. */
  keyFile: string;
}

/** Bounds that turn an unreachable store into a prompt 503 instead of a hang. */
export interface OutageConfig {
  /** Longest wait for a new PostgreSQL connection, or for a free one from a full pool, ms. */
  dbConnectTimeoutMs: number;
  /** Longest a PostgreSQL statement may run (server `statement_timeout`) or wait for its answer (client side), ms. */
  dbQueryTimeoutMs: number;
  /** Longest the controller waits for RabbitMQ to confirm an activation before refusing it with 503, ms. */
  brokerAcceptTimeoutMs: number;
  /**
   * Most bytes of accepted trigger-fire records the controller keeps in memory while PostgreSQL cannot store them;
   * past it a fire is refused with 503 before anything is queued.
   */
  recordBacklogBytes: number;
  /** `Retry-After` of every 503 (each is transient: a store unreachable, no invoker available), seconds. */
  retryAfterS: number;
}

/** Thrown when the environment holds invalid `WISP_*` values; its message lists every problem. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid Wisp configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

/**
 * Reads and validates every `WISP_*` variable at once.
 * @throws ConfigError listing every invalid value, so boot stops with one message.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): WispConfig {
  const picked = Object.fromEntries(Object.entries(env).filter(([k, v]) => k.startsWith('WISP_') && v !== ''));
  const parsed = schema.safeParse(picked);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message} (got ${JSON.stringify(picked[String(i.path[0])])})`));
  }
  const c = parsed.data;
  if (Boolean(c.WISP_TLS_CERT) !== Boolean(c.WISP_TLS_KEY)) throw new ConfigError(['WISP_TLS_CERT and WISP_TLS_KEY: set both (HTTPS) or neither (HTTP)']);
  const host = env.HOSTNAME ?? 'local';
  return {
    apiHost: c.WISP_API_HOST,
    apiPort: c.WISP_API_PORT,
    publicUrl: c.WISP_PUBLIC_URL ?? `${c.WISP_TLS_CERT ? 'https' : 'http'}://${c.WISP_API_HOST}:${c.WISP_API_PORT}`,
    httpKeepAliveMs: c.WISP_HTTP_KEEP_ALIVE_MS,
    databaseUrl: c.WISP_DATABASE_URL,
    amqpUrl: c.WISP_AMQP_URL,
    dockerSocket: c.WISP_DOCKER_SOCKET,
    seedDevKeys: c.WISP_SEED_DEV_KEYS,
    controllerId: c.WISP_CONTROLLER_ID ?? `controller-${host}-${process.pid}`,
    invokerId: c.WISP_INVOKER_ID ?? 'invoker0',
    invokerMemoryMb: c.WISP_INVOKER_MEMORY_MB,
    actionNetwork: c.WISP_ACTION_NETWORK,
    runtimeImage: c.WISP_RUNTIME_IMAGE,
    containerDir: c.WISP_CONTAINER_DIR,
    pauseGraceMs: c.WISP_PAUSE_GRACE_MS,
    idleTtlMs: c.WISP_IDLE_TTL_MS,
    prewarmCount: c.WISP_PREWARM_COUNT,
    invokerOfflineMs: c.WISP_INVOKER_OFFLINE_MS,
    containerStartConcurrency: c.WISP_CONTAINER_START_CONCURRENCY,
    limits: {
      invocationsPerMinute: c.WISP_INVOCATIONS_PER_MINUTE,
      concurrentInvocations: c.WISP_CONCURRENT_INVOCATIONS,
      firesPerMinute: c.WISP_FIRES_PER_MINUTE,
      feeds: c.WISP_FEEDS_PER_NAMESPACE,
      feedConnections: c.WISP_FEED_CONNECTIONS_PER_NAMESPACE,
    },
    feedAllow: c.WISP_FEED_ALLOW,
    actionKeyGraceMs: c.WISP_ACTION_KEY_GRACE_MS,
    stateDir: c.WISP_STATE_DIR,
    secrets: {
      ...(c.WISP_SECRET_KEY ? { keys: c.WISP_SECRET_KEY.split(',').map((k) => k.trim()) } : {}),
      keyFile: c.WISP_SECRET_KEY_FILE ?? `${c.WISP_STATE_DIR.replace(/\/+$/, '')}/secret.key`,
    },
    ...(c.WISP_TLS_CERT && c.WISP_TLS_KEY ? { tls: { certFile: c.WISP_TLS_CERT, keyFile: c.WISP_TLS_KEY } } : {}),
    logLevel: c.WISP_LOG_LEVEL,
    logFormat: c.WISP_LOG_FORMAT,
    metrics: { invokerHost: c.WISP_INVOKER_METRICS_HOST, invokerPort: c.WISP_INVOKER_METRICS_PORT, namespaceLabels: c.WISP_METRICS_NAMESPACE_LABELS },
    outage: {
      dbConnectTimeoutMs: c.WISP_DB_CONNECT_TIMEOUT_MS,
      dbQueryTimeoutMs: c.WISP_DB_QUERY_TIMEOUT_MS,
      brokerAcceptTimeoutMs: c.WISP_BROKER_ACCEPT_TIMEOUT_MS,
      retryAfterS: c.WISP_RETRY_AFTER_S,
      recordBacklogBytes: c.WISP_RECORD_BACKLOG_BYTES,
    },
    retention: {
      activationMs: c.WISP_ACTIVATION_RETENTION,
      partition: c.WISP_ACTIVATION_PARTITION,
      deadLetterMs: c.WISP_DEAD_LETTER_RETENTION,
      githubDeliveryMs: c.WISP_GITHUB_DELIVERY_RETENTION,
      feedEventMs: c.WISP_FEED_EVENT_RETENTION,
      activationClaimMs: c.WISP_ACTIVATION_CLAIM_RETENTION,
      auditMs: c.WISP_AUDIT_RETENTION,
      maintenanceIntervalMs: c.WISP_MAINTENANCE_INTERVAL,
      dbDiskBytes: c.WISP_DB_DISK_BYTES,
      dbDiskDegradedPercent: c.WISP_DB_DISK_DEGRADED_PERCENT,
    },
  };
}
