import { createHash } from 'node:crypto';
import type { KeyValue } from '../params';
import type { ActivationResponse } from '../entities/activation.entity';

/** The closed set of activation outcomes; the invoker decides, the API reports unchanged. */
export const ActivationStatus = {
  success: 0,
  applicationError: 1,
  developerError: 2,
  internalError: 3,
} as const;

/** One of the four outcome codes. */
export type ActivationStatusCode = (typeof ActivationStatus)[keyof typeof ActivationStatus];

/** OpenWhisk's text for each outcome code. */
export const STATUS_TEXT: Record<ActivationStatusCode, string> = {
  0: 'success',
  1: 'application error',
  2: 'action developer error',
  3: 'whisk internal error',
};

/** A complete activation as stored and as carried in completion messages (plain data, no ORM). */
export interface ActivationRecord {
  activationId: string;
  namespace: string;
  name: string;
  /** `name` or `pkg/name`. */
  entityName: string;
  version: string;
  subject: string;
  start: number;
  /** 0 when the activation has no end (trigger activations). */
  end: number;
  duration: number | null;
  cause: string | null;
  response: ActivationResponse;
  logs: string[];
  annotations: KeyValue[];
  publish: boolean;
}

/** A fresh 32-hex activation id. */
export function newActivationId(): string {
  return crypto.randomUUID().replace(/-/g, '');
}

/**
 * The activation id of an event or attempt with a durable identity (a feed event, a rule's n-th retry): the same
 * parts always give the same 32-hex id, so work restarted after a crash is the same activation, which the invokers'
 * claims run at most once and whose record is stored once.
 */
export function derivedActivationId(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);
}

/** True for a well-formed activation id. */
export function isActivationId(id: string): boolean {
  return /^[0-9a-f]{32}$/.test(id);
}
