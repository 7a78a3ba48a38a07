import { DataSource, LessThan } from 'typeorm';
import { ActivationKeyEntity } from '@wisp/core';
import { type ApiKeyParts, hashSecret, secretMatches } from './api-key';
import type { Identity } from './identity';

/** A key to store for one activation. */
export interface ActivationKeyGrant {
  parts: ApiKeyParts;
  namespace: string;
  subject: string;
  activationId: string;
  expiresAt: number;
}

/**
 * The `activation_keys` table. Nothing here is cached: a deleted (revoked) or expired key fails its very next check
 * in every controller.
 */
export class ActivationKeyStore {
  constructor(private readonly db: DataSource) {}

  /** Stores a key's hash; the secret itself is never written. */
  async insert(g: ActivationKeyGrant, now: number): Promise<void> {
    await this.db
      .createQueryBuilder()
      .insert()
      .into(ActivationKeyEntity)
      .values({ uuid: g.parts.uuid, keyHash: hashSecret(g.parts.secret), namespace: g.namespace, subject: g.subject, activationId: g.activationId, expiresAt: g.expiresAt, createdAt: now })
      .execute();
  }

  /** The identity of a live activation key, or undefined when unknown, expired, revoked or wrong. */
  async authenticate(parts: ApiKeyParts, now: number): Promise<Identity | undefined> {
    const row = await this.db.getRepository(ActivationKeyEntity).findOneBy({ uuid: parts.uuid });
    if (!row || row.expiresAt <= now || !secretMatches(parts.secret, row.keyHash)) return undefined;
    return { uuid: row.uuid, subject: row.subject, namespace: row.namespace, apiKey: `${row.uuid}:${parts.secret}`, activationId: row.activationId };
  }

  /** Revokes the keys of one activation. */
  async deleteFor(activationId: string): Promise<void> {
    await this.db.getRepository(ActivationKeyEntity).delete({ activationId });
  }

  /** Deletes expired keys; returns how many. */
  async sweep(now: number): Promise<number> {
    const r = await this.db.getRepository(ActivationKeyEntity).delete({ expiresAt: LessThan(now) });
    return r.affected ?? 0;
  }
}
