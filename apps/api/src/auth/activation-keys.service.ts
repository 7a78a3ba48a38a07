import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { WISP_CONFIG, type WispConfig } from '@wisp/core';
import { generateApiKey } from './api-key';
import { ActivationKeyStore } from './activation-key.store';
import type { Identity } from './identity';

/** How often expired keys (their completion was lost) are deleted, ms. */
const SWEEP_EVERY_MS = 60_000;

/**
 * Mints the short-lived key an action annotated `provide-api-key` receives instead of its owner's: valid in the
 * caller's namespace until the action's timeout plus `WISP_ACTION_KEY_GRACE_MS`, revoked when the activation's
 * completion reaches this controller. The key travels only inside the activation message.
 */
@Injectable()
export class ActivationKeys implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(ActivationKeys.name);
  private readonly store: ActivationKeyStore;
  /**
   * Activations this controller minted a key for and has not revoked yet, with the key's expiry: only these cost a
   * query on completion; entries whose completion was lost leave with the sweep.
   */
  private readonly minted = new Map<string, number>();
  private sweeper?: NodeJS.Timeout;

  constructor(@Inject(DataSource) db: DataSource, @Inject(WISP_CONFIG) private readonly config: WispConfig) {
    this.store = new ActivationKeyStore(db);
  }

  onModuleInit(): void {
    this.sweeper = setInterval(() => void this.sweep(), SWEEP_EVERY_MS);
    this.sweeper.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.sweeper);
  }

  /** Mints and stores a key for `activationId`, acting as `caller` in the caller's namespace; returns `uuid:secret`. */
  async mint(caller: Identity, activationId: string, timeoutMs: number): Promise<string> {
    const parts = generateApiKey();
    const now = Date.now();
    const expiresAt = now + timeoutMs + this.config.actionKeyGraceMs;
    await this.store.insert({ parts, namespace: caller.namespace, subject: caller.subject, activationId, expiresAt }, now);
    this.minted.set(activationId, expiresAt);
    return `${parts.uuid}:${parts.secret}`;
  }

  /**
   * Revokes the key of `activationId` when this controller minted one; a failure is logged and left to expiry, so a
   * completion is never held up by it.
   */
  async revoke(activationId: string): Promise<void> {
    if (!this.minted.delete(activationId)) return;
    await this.store.deleteFor(activationId).catch((e: Error) => this.logger.warn(`activation key of ${activationId} not revoked, it expires instead: ${e.message}`));
  }

  private async sweep(): Promise<void> {
    try {
      const now = Date.now();
      for (const [id, expiresAt] of this.minted) if (expiresAt < now) this.minted.delete(id);
      const n = await this.store.sweep(now);
      if (n > 0) this.logger.log(`deleted ${n} expired activation key(s)`);
    } catch (e) {
      this.logger.warn(`expired activation keys not swept: ${(e as Error).message}`);
    }
  }
}
