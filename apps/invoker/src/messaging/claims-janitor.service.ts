import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ActivationClaims } from '@wisp/core';

/** Claims are only needed while a message can still be in flight; a day is far beyond any queue's residence. */
const CLAIM_RETENTION_MS = 24 * 60 * 60_000;
const PRUNE_EVERY_MS = 10 * 60_000;

/** Prunes old activation claims now and then (every invoker may; the DELETE is idempotent). */
@Injectable()
export class ClaimsJanitor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ClaimsJanitor.name);
  private timer?: NodeJS.Timeout;

  constructor(private readonly claims: ActivationClaims) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.claims.prune(CLAIM_RETENTION_MS).catch((e: Error) => this.logger.warn(`cannot prune activation claims: ${e.message}`));
    }, PRUNE_EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }
}
