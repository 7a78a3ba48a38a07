import type { DataSource } from 'typeorm';
import { isSealed, type SecretBox, sealedKeyId } from '@wisp/core';

type Fields = Record<string, unknown>;

/** What a rotation did: the active key, values sealed again under it, rows rewritten. */
export interface RotationReport {
  keyId: string;
  resealed: number;
  rows: number;
}

/** How many sealed values each key id holds in `feed_subscriptions` (config and params). */
export async function sealedValuesByKey(db: DataSource): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const r of (await db.query('SELECT config, params FROM feed_subscriptions')) as { config: Fields; params: Fields | null }[]) {
    for (const v of [...Object.values(r.config), ...Object.values(r.params ?? {})]) {
      const id = isSealed(v) ? sealedKeyId(v) : undefined;
      if (id) counts[id] = (counts[id] ?? 0) + 1;
    }
  }
  return counts;
}

/**
 * Seals every sealed value of `feed_subscriptions` again under the box's active key (values sealed by the active
 * key stay). Only values that open under the keyring are touched, so a tenant's string that merely looks sealed is
 * left as it is. A row changed meanwhile by a running API is read again, so no update is lost.
 * @throws SecretOpenError when a stored secret's key is missing from the keyring (nothing of that row is changed)
 */
export async function resealFeedSecrets(db: DataSource, box: SecretBox): Promise<RotationReport> {
  let resealed = 0;
  let rows = 0;
  const ids = (await db.query('SELECT id FROM feed_subscriptions ORDER BY id')) as { id: string }[];
  for (const { id } of ids) {
    for (let attempt = 0; attempt < 5; attempt++) {
      const [r] = (await db.query('SELECT config, params FROM feed_subscriptions WHERE id = $1', [id])) as { config: Fields; params: Fields | null }[];
      if (!r) break;
      const config = resealAll(box, r.config);
      const params = r.params === null ? { values: null, count: 0 } : resealAll(box, r.params);
      if (config.count + params.count === 0) break;
      const [, n] = (await db.query('UPDATE feed_subscriptions SET config = $2, params = $3 WHERE id = $1 AND config = $4 AND params IS NOT DISTINCT FROM $5', [
        id,
        JSON.stringify(config.values),
        params.values === null ? null : JSON.stringify(params.values),
        JSON.stringify(r.config),
        r.params === null ? null : JSON.stringify(r.params),
      ])) as [unknown, number];
      if (n === 1) {
        resealed += config.count + params.count;
        rows++;
        break;
      }
    }
  }
  return { keyId: box.keyring.active.id, resealed, rows };
}

function resealAll(box: SecretBox, values: Fields): { values: Fields; count: number } {
  const out: Fields = { ...values };
  let count = 0;
  for (const [k, v] of Object.entries(values)) {
    if (!isSealed(v) || !box.keyring.all().some((key) => key.id === sealedKeyId(v))) continue;
    const next = box.reseal(v);
    if (next !== undefined) {
      out[k] = next;
      count++;
    }
  }
  return { values: out, count };
}
