import type { DataSource } from 'typeorm';
import { BadRequestError, parseDuration } from '@wisp/core';
import { AuditLog, type AuditQuery } from '../audit/audit-log';

export const AUDIT_USAGE = `  audit [--target NAME] [--action VERB] [--since DURATION] [--limit N] [--json]
                                 audited changes, newest first: who, what, when (e.g. --since 7d --action key)`;

/** `wisp audit …`: the audit trail. @throws BadRequestError with the usage on bad input */
export async function runAuditCommand(argv: string[], db: DataSource, now = Date.now()): Promise<string> {
  const q: AuditQuery = {};
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (flag === '--json') {
      json = true;
      continue;
    }
    if (value === undefined) throw new BadRequestError(`missing value for ${flag}\nusage:\n${AUDIT_USAGE}`);
    i++;
    if (flag === '--target') q.target = value;
    else if (flag === '--action') q.action = value;
    else if (flag === '--since' && parseDuration(value) !== undefined) q.since = now - parseDuration(value)!;
    else if (flag === '--limit' && /^\d{1,5}$/.test(value) && Number(value) > 0) q.limit = Number(value);
    else throw new BadRequestError(`bad option ${flag} ${value}\nusage:\n${AUDIT_USAGE}`);
  }
  const events = await new AuditLog(db).list(q);
  if (json) return JSON.stringify(events);
  if (events.length === 0) return '(no audit events)';
  return events.map((e) => `${new Date(e.at).toISOString()}  ${e.actor}  ${e.action}  ${e.target}  ${JSON.stringify(e.details)}`).join('\n');
}
