import type { ActivationRecord, KeyValue } from '@wisp/core';
import type { ResolvedAction } from '../actions/resolved-action';
import type { Identity } from '../auth/identity';

/** Where an activation comes from, for records and tracing. */
export interface ActivationOrigin {
  transactionId: string;
  receivedAt: number;
  cause?: string;
  extraAnnotations?: KeyValue[];
  /**
   * A derived activation id (see `derivedActivationId`) for work that may be started again after a crash (a feed
   * event's rule, a rule's retry): the same id again is the same activation, which runs at most once.
   */
  activationId?: string;
  /** Largest parameter set this activation may carry (default the system's 1 MB; GitHub deliveries 25 MB). */
  payloadMaxBytes?: number;
}

/** An accepted activation: its id, its final record once known, and whether a result can be waited for. */
export interface StartedActivation {
  activationId: string;
  done: Promise<ActivationRecord>;
  unconfirmed?: boolean;
}

/**
 * The narrow port an executor (the sequence runner, a combinator) starts its child activations through. The
 * invocation service implements it and dispatches each child to its own executor again (atomic, sequence,
 * built-in); the executors depend on this port only, never back on the service.
 */
export interface ChildActivations {
  /**
   * Starts one activation of an already resolved action. Resolves once the work is accepted; `done` settles with its
   * final record. Rejects (a 503) when the work could not be accepted, and then it never runs.
   */
  start(caller: Identity, resolved: ResolvedAction, request: Record<string, unknown>, blocking: boolean, origin: ActivationOrigin): Promise<StartedActivation>;
}

/** Nest token of {@link ChildActivations} (the invocation service), for executors that are Nest providers. */
export const CHILD_ACTIVATIONS = Symbol('ChildActivations');
