import type { DataSource } from 'typeorm';
import { BadRequestError, secretBoxOf, type WispConfig } from '@wisp/core';
import { AuditLog, cliActor } from '../audit/audit-log';
import { resealFeedSecrets, sealedValuesByKey } from './secret-rotation';

export const SECRETS_USAGE = `  secrets status                 key ids (the first seals) and how many stored secrets each key sealed
  secrets rotate                 with the key file: add a new key and seal every stored secret again under it;
                                 with WISP_SECRET_KEY: seal every stored secret under its first key`;

/** `wisp secrets …`: the keys sealing feed secrets at rest. @throws BadRequestError with the usage on bad input */
export async function runSecretsCommand(argv: string[], db: DataSource, config: WispConfig): Promise<string> {
  const [verb] = argv;
  const box = secretBoxOf(config);
  if (verb === 'status') {
    const counts = await sealedValuesByKey(db);
    const source = config.secrets.keys?.length ? 'WISP_SECRET_KEY' : config.secrets.keyFile;
    const lines = box.keyring.all().map((k, i) => `${k.id}  ${i === 0 ? 'active' : 'old'}  ${counts[k.id] ?? 0} secret(s)`);
    const unknown = Object.keys(counts).filter((id) => !box.keyring.all().some((k) => k.id === id));
    return [`keys from ${source}`, ...lines, ...unknown.map((id) => `${id}  MISSING  ${counts[id]} secret(s) cannot be opened`)].join('\n');
  }
  if (verb === 'rotate') {
    const before = box.keyring.active.id;
    const key = config.secrets.keys?.length ? box.keyring.active : box.keyring.rotate();
    const report = await resealFeedSecrets(db, box);
    await new AuditLog(db).record({ actor: cliActor(), action: 'secrets.rotate', target: 'feed_subscriptions', details: { from: before, to: key.id, resealed: report.resealed, rows: report.rows } });
    return `active key ${key.id}; ${report.resealed} secret(s) in ${report.rows} feed(s) sealed again`;
  }
  throw new BadRequestError(`usage:\n${SECRETS_USAGE}`);
}
