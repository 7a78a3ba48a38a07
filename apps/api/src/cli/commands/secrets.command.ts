import type { Command } from 'commander';
import { secretBoxOf } from '@wisp/core';
import { AuditLog, cliActor } from '../../audit/audit-log';
import type { CliContext } from '../cli-context';
import { resealFeedSecrets, sealedValuesByKey } from '../secret-rotation';

/** `wisp secrets status|rotate`: the keys that seal feed secrets at rest. */
export function registerSecretsCommands(program: Command, ctx: CliContext): void {
  const secrets = program.command('secrets').description('the keys sealing feed secrets at rest');
  secrets
    .command('status')
    .description('key ids (the first seals) and how many stored secrets each key sealed')
    .action(async () => {
      const config = ctx.wisp;
      const box = secretBoxOf(config);
      const counts = await ctx.withDb((db) => sealedValuesByKey(db));
      const keys = box.keyring.all().map((k, i) => ({ id: k.id, state: i === 0 ? 'active' : 'old', secrets: counts[k.id] ?? 0 }));
      const missing = Object.keys(counts).filter((id) => !keys.some((k) => k.id === id)).map((id) => ({ id, state: 'MISSING', secrets: counts[id] }));
      const source = config.secrets.keys?.length ? 'WISP_SECRET_KEY' : config.secrets.keyFile;
      ctx.print(program.opts(), { source, keys: [...keys, ...missing] }, () =>
        [`keys from ${source}`, ...keys.map((k) => `${k.id}  ${k.state}  ${k.secrets} secret(s)`), ...missing.map((k) => `${k.id}  MISSING  ${k.secrets} secret(s) cannot be opened`)].join('\n'),
      );
    });
  secrets
    .command('rotate')
    .description('with the key file: add a new key and seal every stored secret again under it; with WISP_SECRET_KEY: seal every stored secret under its first key')
    .action(async () => {
      const config = ctx.wisp;
      const box = secretBoxOf(config);
      const before = box.keyring.active.id;
      const key = config.secrets.keys?.length ? box.keyring.active : box.keyring.rotate();
      const report = await ctx.withDb(async (db) => {
        const done = await resealFeedSecrets(db, box);
        await new AuditLog(db).record({ actor: cliActor(), action: 'secrets.rotate', target: 'feed_subscriptions', details: { from: before, to: key.id, resealed: done.resealed, rows: done.rows } });
        return done;
      });
      ctx.print(program.opts(), { active: key.id, ...report }, `active key ${key.id}; ${report.resealed} secret(s) in ${report.rows} feed(s) sealed again`);
    });
}
