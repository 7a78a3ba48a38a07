import { Injectable } from '@nestjs/common';
import type { ActivationRecord } from '@wisp/core';

const CAPACITY = 20_000;
const TTL_MS = 120_000;

/**
 * Completed activations this controller saw, kept briefly: the invoker answers before its batched write lands, so an
 * id handed to a client is readable here at once (read-your-writes) and from PostgreSQL a few ms later.
 */
@Injectable()
export class RecentActivationsCache {
  private readonly entries = new Map<string, { record: ActivationRecord; until: number }>();

  put(record: ActivationRecord): void {
    if (this.entries.size >= CAPACITY) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(record.activationId, { record, until: Date.now() + TTL_MS });
  }

  get(activationId: string): ActivationRecord | undefined {
    const hit = this.entries.get(activationId);
    if (!hit) return undefined;
    if (hit.until < Date.now()) {
      this.entries.delete(activationId);
      return undefined;
    }
    return hit.record;
  }
}
