export { FeedValidationError } from './feed-validation.error';
import type { FeedConnector } from './egress/feed-connector';

/** The trigger a subscription fires, and who owns it. */
export interface FeedTarget {
  /** Namespace of the trigger. */
  namespace: string;
  /** Trigger name. */
  name: string;
  /** Subject uuid the subscription fires as (the key that created it). */
  ownerUuid: string;
}

/** What the runner knows of a subscription's past fires (persisted, so it survives restarts and moves with the lease). */
export interface FeedProgress {
  /** Events accepted so far. */
  fired: number;
  /** Scheduled time (timer feeds) or acceptance time of the last accepted event, epoch ms. */
  lastFiredAt?: number;
}

/** A subscription as providers see it: its id, target and validated config. */
export interface FeedSubscription<C = Record<string, unknown>> {
  id: string;
  target: FeedTarget;
  config: C;
  /** Set by the feed runner on `start` (absent in lifecycle calls); timer providers resume their schedule from it. */
  progress?: FeedProgress;
  /** The only way to the network for this subscription (egress policy, Wisp's own database, connection limit). */
  egress: FeedConnector;
}

/** A network endpoint a subscription's config points at (checked against the egress policy on upgrade). */
export interface FeedEndpoint {
  host: string;
  port: number;
}

/** What a provider may report on READ beyond the stored config and status. */
export type FeedDetails = Record<string, unknown>;

/** Optional facts about one event (additive: hook and connection providers may ignore it). */
export interface FeedEventMeta {
  /**
   * The scheduled time the event stands for, epoch ms (timer feeds). The runner fires each (subscription,
   * scheduledAt) at most once across restarts and replicas, and never one at or before the last fired; a skipped
   * duplicate resolves like an accepted event.
   */
  scheduledAt?: number;
  /** The subscription's last event (once fired, maxTriggers reached, stopDate next): once accepted, it becomes inactive. */
  last?: boolean;
  /**
   * The event's durable identity at its source (a commit LSN with the change's index, an MQTT message identity, a
   * GitHub delivery id). The runner fires each (subscription, eventKey) exactly once, also when the source delivers
   * it again after a crash between the fire and its acknowledgement: a repeat of a fired event resolves without firing.
   */
  eventKey?: string;
  /**
   * With `eventKey`: the source marks this delivery as a first attempt (MQTT's DUP flag clear), so an earlier event
   * under the same key was another event (MQTT reuses a packet id once the message was acknowledged).
   */
  fresh?: boolean;
  /** With `last`: also delete the trigger (`true`) or the trigger and its rules (`'rules'`), as alarms' `deleteAfterFire`. */
  deleteTrigger?: boolean | 'rules';
}

/**
 * Hands one event to the trigger; resolves when the fire was accepted, or when the event itself was refused for its
 * content (nested deeper than a request may be: it is consumed, never fired, and the reason is stored in the
 * subscription's status, so an in-order source is never stuck behind it). Throws when the fire was not accepted.
 */
export type FeedEmitter = (event: Record<string, unknown>, meta?: FeedEventMeta) => Promise<void>;

/**
 * Reports a problem (or the natural end) of a started subscription; the reason is stored in its status. With
 * `{ done: true }` the subscription becomes inactive (a schedule with nothing left to fire), otherwise it stays active.
 */
export type FeedReporter = (reason: string, opts?: { done?: boolean }) => void;

/**
 * A source of events for triggers (one per `kind`: alarm, once, interval, github, mqtt, postgres …).
 *
 * Contract every implementation keeps (checked by `describeFeedProviderContract`):
 * - `validate` is pure: it throws {@link FeedValidationError} naming the bad parameter, or returns the normalised
 *   config that is stored. Nothing is created for invalid parameters.
 * - `create` does the provider's outside-world setup (register a webhook, create a replication slot) and may return
 *   an enriched config (a generated secret, a hook id); it is idempotent for the same subscription id. If it throws,
 *   the lifecycle removes the subscription, so a failed CREATE leaves nothing behind.
 * - `pause`/`resume` keep the outside setup; while paused no event fires (a connection provider may keep its
 *   durable session so events published meanwhile are delivered after `resume`, or document that it drops them).
 * - `delete` undoes `create` and is idempotent: deleting twice, or deleting what `create` never finished, succeeds.
 * - `start` begins delivering events of a subscription leased to this process through `emit`; `stop` ends it. The feed
 *   runner guarantees that `start`/`stop` of one subscription never overlap and that a subscription is started in at
 *   most one process at a time; a provider must not fire after `stop` resolved.
 * - `emit` throwing means the event was not accepted: connection providers must not acknowledge the source (MQTT
 *   PUBACK, PostgreSQL LSN) before `emit` resolved, so the source redelivers. Event bytes are the tenant's: providers
 *   pass them on as decoded (NUL, lone surrogates, any nesting) without recursing into them; the runner escapes text
 *   PostgreSQL cannot store and refuses nesting past the platform's limit, one check for every provider.
 * - Hook providers (GitHub) keep `start`/`stop` cheap: their events arrive through the API's receiver route.
 * - Every socket goes through `sub.egress` (see {@link FeedConnector}); a provider never opens one itself nor hands a
 *   tenant's URL to a client library unchecked. Connection options a tenant may set are a whitelist per provider.
 * - Errors are reported, never swallowed: a provider that loses its source calls `report(reason)` so the
 *   subscription's status shows it.
 */
export interface FeedProvider<C = Record<string, unknown>> {
  /** Unique kind; the registry refuses a second provider with the same kind at boot. */
  readonly kind: string;
  /** Validates and normalises the user's parameters. @throws FeedValidationError */
  validate(params: Record<string, unknown>): C;
  /** Outside-world setup for a new subscription; returns the config to store. */
  create(sub: FeedSubscription<C>): Promise<C>;
  /** Extra details for READ (e.g. the webhook's id, the slot's lag). */
  read(sub: FeedSubscription<C>): Promise<FeedDetails>;
  /** Replaces the config of an existing subscription; returns the config to store. */
  update(sub: FeedSubscription<C>, next: C): Promise<C>;
  /** Undoes `create`; idempotent. */
  delete(sub: FeedSubscription<C>): Promise<void>;
  /** PAUSE: the outside setup stays (hook, slot, session) but nothing fires; the runner also stops the subscription. */
  pause(sub: FeedSubscription<C>): Promise<void>;
  /** UNPAUSE: undoes `pause`; the runner starts the subscription again. */
  resume(sub: FeedSubscription<C>): Promise<void>;
  /** Starts delivering events for a subscription leased to this process. */
  start(sub: FeedSubscription<C>, emit: FeedEmitter, report: FeedReporter): Promise<void>;
  /** Stops delivering; after it resolves the provider fires nothing for this subscription. */
  stop(sub: FeedSubscription<C>): Promise<void>;
  /**
   * Config (and parameter) fields that hold secrets: sealed at rest (AES-256-GCM under the server key), never in an
   * activation record, and redacted on READ: `token` shows only its ends (`ghp_…abcd`), `url` hides the password and
   * every query value.
   */
  readonly secretFields?: Readonly<Record<string, FeedSecretShape>>;
  /**
   * Secrets the owner needs in clear (a generated webhook secret to paste into GitHub by hand): READ's direct answer
   * carries them; the READ's activation record still shows them redacted.
   */
  revealOnRead?(config: C): Record<string, string>;
  /** Endpoints the config connects to (connection and hook providers with a tenant-set URL); timers have none. */
  endpoints?(config: C): FeedEndpoint[];
}

/** How a secret config field is redacted on READ. */
export type FeedSecretShape = 'token' | 'url';
