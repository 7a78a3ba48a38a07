import { Injectable } from '@nestjs/common';
import { Messages, ServiceUnavailableError } from '@wisp/core';
import { InvokerRegistry } from './invoker-registry';
import type { InvokerState } from './invoker-state';

/** Java's String.hashCode, as OpenWhisk's sharding balancer uses. */
export function javaHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** Step sizes for `n` invokers: numbers ≤ n coprime with n (OpenWhisk's pairwise-coprime set, simplified). */
export function stepSizes(n: number): number[] {
  const steps: number[] = [];
  for (let i = 1; i <= n; i++) if (gcd(i, n) === 1 && steps.every((s) => gcd(s, i) === 1)) steps.push(i);
  return steps;
}

/**
 * Picks the order in which invokers are probed for one action: home = hash(namespace, path) mod n, then home + step …
 * Exported for unit tests; `pick` applies health and capacity.
 */
export function probeOrder(namespace: string, actionPath: string, n: number): number[] {
  const hash = Math.abs(javaHash(namespace) ^ javaHash(actionPath));
  const steps = stepSizes(n);
  const step = steps[hash % steps.length];
  const home = hash % n;
  return Array.from({ length: n }, (_, i) => (home + i * step) % n);
}

/**
 * OpenWhisk's sharding balancer: each action has a home invoker so its warm containers get reused; when home is
 * unhealthy or out of memory slots the next one by step is tried; all full → the healthy one with most free memory
 * (overload, as OpenWhisk force-acquires); none healthy → 503.
 */
@Injectable()
export class LoadBalancer {
  constructor(private readonly registry: InvokerRegistry) {}

  /** Chooses an invoker and reserves `memoryMb` there. @throws ServiceUnavailableError when none is healthy. */
  acquire(namespace: string, actionPath: string, memoryMb: number): InvokerState {
    const invokers = this.registry.all();
    const healthy = invokers.filter((i) => i.healthy);
    if (healthy.length === 0) throw new ServiceUnavailableError(Messages.noInvokers);
    const order = probeOrder(namespace, actionPath, invokers.length).map((i) => invokers[i]);
    const chosen =
      order.find((i) => i.healthy && i.userMemoryMb - i.memoryInUseMb >= memoryMb) ??
      healthy.reduce((best, i) => (i.userMemoryMb - i.memoryInUseMb > best.userMemoryMb - best.memoryInUseMb ? i : best));
    chosen.memoryInUseMb += memoryMb;
    return chosen;
  }

  /** Returns memory reserved by {@link acquire}. */
  release(invokerId: string, memoryMb: number): void {
    const inv = this.registry.get(invokerId);
    if (inv) inv.memoryInUseMb = Math.max(0, inv.memoryInUseMb - memoryMb);
  }
}
