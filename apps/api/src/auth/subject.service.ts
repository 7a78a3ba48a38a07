import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { assertNamespace, NamespaceEntity, NotFoundError, SubjectEntity } from '@wisp/core';
import { generateApiKey, hashSecret, secretMatches, splitApiKey } from './api-key';
import { AuditLog } from '../audit/audit-log';
import { ActivationKeyStore } from './activation-key.store';
import { DEV_KEYS } from './dev-keys';
import type { Identity } from './identity';

const CACHE_TTL_MS = 2_000;

/** A key as listed by the admin command (never the secret). */
export interface KeySummary {
  uuid: string;
  subject: string;
  namespace: string;
  revoked: boolean;
  createdAt: number;
}

/** Namespaces and their API keys: creation, verification (cached briefly), listing, revocation, dev seeding. */
@Injectable()
export class SubjectService {
  private readonly logger = new Logger(SubjectService.name);
  private readonly cache = new Map<string, { row: SubjectEntity | null; until: number }>();

  private readonly activationKeys: ActivationKeyStore;
  private readonly audit: AuditLog;

  constructor(@Inject(DataSource) private readonly db: DataSource) {
    this.activationKeys = new ActivationKeyStore(db);
    this.audit = new AuditLog(db);
  }

  /**
   * Resolves a `uuid:secret` key to its identity, or undefined when unknown, revoked, expired or wrong. A uuid that is
   * no namespace key is looked up, uncached, among the live activation keys.
   */
  async authenticate(key: string): Promise<Identity | undefined> {
    const parts = splitApiKey(key);
    if (!parts) return undefined;
    const row = await this.findSubject(parts.uuid);
    if (!row) return this.activationKeys.authenticate(parts, Date.now());
    if (!row || row.revoked || !secretMatches(parts.secret, row.keyHash)) return undefined;
    return { uuid: row.uuid, subject: row.subject, namespace: row.namespace, apiKey: `${row.uuid}:${parts.secret}` };
  }

  /**
   * The identity an owner's web action runs under. Secrets are stored hashed, so it carries no API key: web actions
   * never receive one, whatever their `provide-api-key` annotation says.
   */
  async ownerIdentity(namespace: string): Promise<Identity | undefined> {
    const row = await this.db.getRepository(SubjectEntity).findOne({ where: { namespace, revoked: false }, order: { createdAt: 'ASC' } });
    return row ? { uuid: row.uuid, subject: row.subject, namespace: row.namespace, apiKey: '' } : undefined;
  }

  /**
   * The identity of a key by its uuid, without the secret (feed subscriptions fire as the key that created them;
   * secrets are stored hashed, so fired actions get no API key). Undefined when the key is unknown or revoked.
   */
  async identityOf(uuid: string): Promise<Identity | undefined> {
    const row = await this.findSubject(uuid);
    return row && !row.revoked ? { uuid: row.uuid, subject: row.subject, namespace: row.namespace, apiKey: '' } : undefined;
  }

  /**
   * Creates a namespace (if new) with a fresh key; returns the key, the only time its secret is shown. Audited as
   * `namespace.create` (when new) and `key.create` by `actor`.
   */
  async createNamespace(namespace: string, subject = namespace, actor = 'system'): Promise<{ namespace: string; key: string }> {
    assertNamespace(namespace);
    const { uuid, secret } = generateApiKey();
    const created = await this.insertKey(namespace, subject, uuid, secret);
    if (created) await this.audit.record({ actor, action: 'namespace.create', target: namespace });
    await this.audit.record({ actor, action: 'key.create', target: namespace, details: { uuid, subject } });
    return { namespace, key: `${uuid}:${secret}` };
  }

  /** Keys of one namespace, or of all when omitted. */
  async listKeys(namespace?: string): Promise<KeySummary[]> {
    const rows = await this.db.getRepository(SubjectEntity).find({ where: namespace ? { namespace } : {}, order: { createdAt: 'ASC' } });
    return rows.map(({ uuid, subject, namespace: ns, revoked, createdAt }) => ({ uuid, subject, namespace: ns, revoked, createdAt }));
  }

  /** Revokes a key by its uuid, audited as `key.revoke` by `actor`. @throws NotFoundError when no such key exists. */
  async revokeKey(uuid: string, actor = 'system'): Promise<void> {
    const row = await this.db.getRepository(SubjectEntity).findOneBy({ uuid });
    if (!row) throw new NotFoundError(`No key with uuid ${uuid}.`);
    await this.db.getRepository(SubjectEntity).update({ uuid }, { revoked: true });
    this.cache.delete(uuid);
    await this.audit.record({ actor, action: 'key.revoke', target: row.namespace, details: { uuid, subject: row.subject, wasRevoked: row.revoked } });
  }

  /** Seeds OpenWhisk's well-known guest and whisk.system keys (idempotent). */
  async seedDevKeys(): Promise<void> {
    for (const { namespace, key } of DEV_KEYS) {
      const { uuid, secret } = splitApiKey(key)!;
      await this.insertKey(namespace, namespace, uuid, secret, true);
    }
    this.logger.warn(`Seeded the well-known OpenWhisk dev keys for ${DEV_KEYS.map((k) => k.namespace).join(', ')}: never do this on a shared host.`);
  }

  /** Inserts the key (and its namespace when missing); resolves true when the namespace is new. */
  private async insertKey(namespace: string, subject: string, uuid: string, secret: string, ignoreExisting = false): Promise<boolean> {
    return this.db.transaction(async (m) => {
      const ns = (await m.query('INSERT INTO namespaces (name, limits, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING name', [namespace, '{}', Date.now()])) as unknown[];
      const q = m.createQueryBuilder().insert().into(SubjectEntity).values({ uuid, keyHash: hashSecret(secret), subject, namespace, revoked: false, createdAt: Date.now() });
      await (ignoreExisting ? q.orIgnore() : q).execute();
      return ns.length > 0;
    });
  }

  private async findSubject(uuid: string): Promise<SubjectEntity | null> {
    const now = Date.now();
    const hit = this.cache.get(uuid);
    if (hit && hit.until > now) return hit.row;
    const row = await this.db.getRepository(SubjectEntity).findOneBy({ uuid });
    this.cache.set(uuid, { row, until: now + CACHE_TTL_MS });
    return row;
  }
}
