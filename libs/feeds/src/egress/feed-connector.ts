import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { FeedValidationError } from '../feed-validation.error';
import type { ReceiveCap, ReceiveGuard } from './receive-guard';

/** A target that passed the egress policy: the name the tenant gave and the one address Wisp will dial. */
export interface VettedEndpoint {
  /** Host as the tenant wrote it (kept for TLS SNI and certificate checks). */
  host: string;
  /** The vetted address; every socket goes here, never to a fresh resolution of `host`. */
  address: string;
  port: number;
}

/** Identity of a PostgreSQL database: its cluster's `system_identifier` and `current_database()`. */
export interface DatabaseIdentity {
  systemIdentifier: string;
  database: string;
}

/** TLS on top of a dialled socket; the server name defaults to the vetted endpoint's host. */
export interface DialTls {
  rejectUnauthorized?: boolean;
  servername?: string;
}

/**
 * The only way a feed provider reaches the network (handed to it with each subscription, bound to the
 * subscription's namespace). Contract:
 * - `vet` resolves a name once and checks every address against the egress policy before any socket exists;
 *   refusals throw {@link FeedEgressError}, and unix-socket paths are refused outright.
 * - `socket` and `dial` connect only to a vetted endpoint's `address`, whatever a library passes to `connect`, and
 *   count toward the namespace's open-connection limit until the socket closes ({@link FeedLimitError} past it).
 *   With guards, every received chunk passes them before the library sees it, and a refusal destroys the socket
 *   with a {@link FeedLimitError}: a {@link ReceiveCap} (from `receiveCap`) bounds the bytes of an unproven peer
 *   until the provider lifts it; a provider's adapter may add a protocol's frame-size guard.
 * - `fetch` is `fetch` over vetted addresses: each URL, and each redirect, is vetted before it is requested.
 * - `assertForeignDatabase` refuses Wisp's own database, recognised by identity, whatever URL reached it.
 */
export interface FeedConnector {
  /** Namespace whose limits the connections count against. */
  readonly namespace: string;
  vet(host: string, port: number): Promise<VettedEndpoint>;
  /**
   * An unconnected socket whose `connect(...)` dials the vetted endpoint (pg's `stream` factory). Its guards see
   * the bytes as received, so a library may layer TLS on it; only byte-counting guards make sense here.
   */
  socket(target: VettedEndpoint, guards?: ReceiveGuard[]): Socket | Duplex;
  /** A fresh cap of the configured size for the bytes an unproven connection receives. */
  receiveCap(): ReceiveCap;
  /** A socket (TLS when asked) already dialling the vetted endpoint (mqtt.js's stream builder); guards see plaintext. */
  dial(target: VettedEndpoint, tls?: DialTls, guards?: ReceiveGuard[]): Duplex;
  fetch(url: string, init?: RequestInit): Promise<Response>;
  /** @throws FeedEgressError when `identity` is Wisp's own database, or when Wisp's own is not known. */
  assertForeignDatabase(identity: DatabaseIdentity): void;
}

/** A feed target the egress policy refuses (403-style): nothing was opened. */
export class FeedEgressError extends FeedValidationError {
  readonly httpStatus = 403;
}

/** A per-namespace feed limit was reached, or a connection's bound (429-style): nothing more was opened or read. */
export class FeedLimitError extends FeedValidationError {
  readonly httpStatus = 429;
  /** A socket-style code: mqtt.js passes on only stream errors that carry one (others become "connection closed"). */
  readonly code = 'EFEEDLIMIT';
}
