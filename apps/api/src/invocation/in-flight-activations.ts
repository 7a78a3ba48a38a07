import { Injectable } from '@nestjs/common';
import type { ActivationMessage, ActivationRecord } from '@wisp/core';
import { LoadBalancer } from './load-balancer';

/** One accepted activation not yet completed. */
export interface InFlightEntry {
  message: ActivationMessage;
  invokerId: string;
  memoryMb: number;
  settle: (record: ActivationRecord) => void;
  done: Promise<ActivationRecord>;
  /** Frees the entry should its completion never arrive. */
  expiry: NodeJS.Timeout;
}

/**
 * OpenWhisk's forced completion: past max(timeout, 60 s) × 2 + 1 min without a completion the reservation is freed, so
 * a lost completion cannot hold invoker memory or a namespace slot forever. Waiters have their own deadlines and fall
 * back to the store.
 */
export function forcedCompletionMs(actionTimeoutMs: number): number {
  return Math.max(actionTimeoutMs, 60_000) * 2 + 60_000;
}

/** How long an admitted invocation holds its concurrency slot before it is tracked (or given up), ms. */
const RESERVATION_MS = 5_000;

/**
 * Activations this controller published and has not seen complete: holds the blocking callers' promises, the memory
 * reserved on the invoker and the per-namespace concurrency count that throttling reads.
 */
@Injectable()
export class InFlightActivations {
  private readonly entries = new Map<string, InFlightEntry>();
  private readonly perNamespace = new Map<string, number>();
  /** Slots of invocations admitted but not tracked yet (resolving, publishing), as expiry times, oldest first. */
  private readonly reserved = new Map<string, number[]>();

  constructor(private readonly balancer: LoadBalancer) {}

  /** Starts tracking; the returned entry's `done` settles with the final record. */
  track(message: ActivationMessage, invokerId: string, memoryMb: number): InFlightEntry {
    let settle!: (r: ActivationRecord) => void;
    const done = new Promise<ActivationRecord>((resolve) => (settle = resolve));
    const expiry = setTimeout(() => {
      const stale = this.entries.get(message.activationId);
      if (stale) this.forget(stale);
    }, forcedCompletionMs(message.action.limits.timeout));
    expiry.unref();
    const entry: InFlightEntry = { message, invokerId, memoryMb, settle, done, expiry };
    this.entries.set(message.activationId, entry);
    const ns = message.user.namespace;
    this.perNamespace.set(ns, (this.perNamespace.get(ns) ?? 0) + 1);
    this.unreserve(ns);
    return entry;
  }

  /**
   * Holds a concurrency slot for an invocation just admitted, so a burst admitted before any of it is tracked still
   * counts; {@link track} (or {@link unreserve}, for work that is never tracked) takes it back, else it lapses.
   */
  reserve(namespace: string): void {
    const list = this.reserved.get(namespace) ?? [];
    list.push(Date.now() + RESERVATION_MS);
    this.reserved.set(namespace, list);
  }

  /** Gives back the oldest reservation of `namespace`, if any (the admitted work is tracked, or runs untracked). */
  unreserve(namespace: string): void {
    const list = this.reserved.get(namespace);
    if (!list) return;
    list.shift();
    if (list.length === 0) this.reserved.delete(namespace);
  }

  /** Ends tracking with the final record: frees the invoker memory and the namespace slot, wakes the caller. */
  complete(record: ActivationRecord): boolean {
    const entry = this.entries.get(record.activationId);
    if (!entry) return false;
    this.forget(entry);
    entry.settle(record);
    return true;
  }

  /** Ends tracking without a record (the publish itself failed). */
  abandon(activationId: string): void {
    const entry = this.entries.get(activationId);
    if (entry) this.forget(entry);
  }

  /** Moves an entry to another invoker (its message was republished there). */
  reassign(activationId: string, invokerId: string): void {
    const entry = this.entries.get(activationId);
    if (entry) entry.invokerId = invokerId;
  }

  /** Entries currently assigned to `invokerId`. */
  onInvoker(invokerId: string): InFlightEntry[] {
    return [...this.entries.values()].filter((e) => e.invokerId === invokerId);
  }

  /** One entry. */
  get(activationId: string): InFlightEntry | undefined {
    return this.entries.get(activationId);
  }

  /** In-flight activations of a namespace, with the admitted ones not tracked yet (the concurrency throttle). */
  countFor(namespace: string): number {
    const list = this.reserved.get(namespace);
    if (list) {
      const now = Date.now();
      while (list.length > 0 && list[0] <= now) list.shift();
      if (list.length === 0) this.reserved.delete(namespace);
    }
    return (this.perNamespace.get(namespace) ?? 0) + (list?.length ?? 0);
  }

  private forget(entry: InFlightEntry): void {
    clearTimeout(entry.expiry);
    this.entries.delete(entry.message.activationId);
    this.balancer.release(entry.invokerId, entry.memoryMb);
    const ns = entry.message.user.namespace;
    const left = (this.perNamespace.get(ns) ?? 1) - 1;
    if (left > 0) this.perNamespace.set(ns, left);
    else this.perNamespace.delete(ns);
  }
}
