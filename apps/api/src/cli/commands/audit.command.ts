import { type Command, InvalidArgumentError } from 'commander';
import { parseDuration } from '@wisp/core';
import { AuditLog } from '../../audit/audit-log';
import type { CliContext } from '../cli-context';

const since = (raw: string) => {
  const ms = parseDuration(raw);
  if (ms === undefined) throw new InvalidArgumentError('must be a duration such as 7d or 12h');
  return ms;
};
const limit = (raw: string) => {
  if (!/^\d{1,5}$/.test(raw) || Number(raw) === 0) throw new InvalidArgumentError('must be an integer from 1 to 99999');
  return Number(raw);
};

/** `wisp audit`: the audit trail, newest first: who changed what, and when. */
export function registerAuditCommand(program: Command, ctx: CliContext): void {
  program
    .command('audit')
    .description('audited changes, newest first: who, what, when (e.g. --since 7d --action key)')
    .option('--target <name>', 'only events on this target, e.g. a namespace')
    .option('--action <verb>', 'only this action, or actions under it (key matches key.create)')
    .option('--since <duration>', 'only events this recent, e.g. 7d', since)
    .option('--limit <n>', 'at most this many events', limit)
    .action(async (opts: { target?: string; action?: string; since?: number; limit?: number }) => {
      const events = await ctx.withDb((db) => new AuditLog(db).list({ target: opts.target, action: opts.action, limit: opts.limit, since: opts.since === undefined ? undefined : Date.now() - opts.since }));
      ctx.print(program.opts(), events, () => (events.length === 0 ? '(no audit events)' : events.map((e) => `${new Date(e.at).toISOString()}  ${e.actor}  ${e.action}  ${e.target}  ${JSON.stringify(e.details)}`).join('\n')));
    });
}
