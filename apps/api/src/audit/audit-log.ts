import { Inject, Injectable } from '@nestjs/common';
import { hostname, userInfo } from 'node:os';
import { DataSource } from 'typeorm';
import { hasUnsafeText, toStorableText } from '@wisp/core';

/** One audited change: who made it (`admin:<user>@<host>` for the CLI, `subject:<uuid>` for a key), what, on what. */
export interface AuditEvent {
  actor: string;
  /** Dotted verb: `key.create`, `key.revoke`, `namespace.create`, `limits.set`, `feed.secrets.set`, `secrets.rotate`, … */
  action: string;
  /** What it changed: a namespace, a key uuid, a trigger path. */
  target: string;
  /** Facts beside it (the new limits, the secret fields' names), never a secret. */
  details?: Record<string, unknown>;
}

/** A stored {@link AuditEvent} with its id and time (epoch ms). */
export interface StoredAuditEvent extends Required<AuditEvent> {
  id: number;
  at: number;
}

/** Filters of {@link AuditLog.list}. */
export interface AuditQuery {
  /** Only events on this target (exact), e.g. a namespace. */
  target?: string;
  /** Only this action, or actions under it (`feed.secrets` matches `feed.secrets.update`). */
  action?: string;
  /** Only events at or after this epoch ms. */
  since?: number;
  limit?: number;
}

/** The actor name of an administrator running the CLI on this machine. */
export function cliActor(): string {
  let user = 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // no passwd entry for this uid (containers): the uid is in the process, not worth failing the command for
  }
  return `admin:${user}@${hostname()}`;
}

/**
 * The audit trail in `audit_events`: appended to by the services that make audited changes, read by `wisp audit`,
 * and trimmed by the maintenance job after `WISP_AUDIT_RETENTION`. Recording is part of the change: a change whose
 * audit row cannot be written fails with it.
 */
@Injectable()
export class AuditLog {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  async record(e: AuditEvent): Promise<void> {
    const target = hasUnsafeText(e.target) ? toStorableText(e.target) : e.target;
    await this.db.query('INSERT INTO audit_events (at, actor, action, target, details) VALUES ($1, $2, $3, $4, $5)', [Date.now(), e.actor, e.action, target, JSON.stringify(e.details ?? {})]);
  }

  /** Events newest first. */
  async list(q: AuditQuery = {}): Promise<StoredAuditEvent[]> {
    const where: string[] = [];
    const args: unknown[] = [];
    if (q.target) where.push(`target = $${args.push(q.target)}`);
    if (q.action) where.push(`(action = $${args.push(q.action)} OR action LIKE $${args.push(`${q.action.replace(/[%_\\]/g, '\\$&')}.%`)})`);
    if (q.since !== undefined) where.push(`at >= $${args.push(q.since)}`);
    const sql = `SELECT id, at, actor, action, target, details FROM audit_events ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY at DESC, id DESC LIMIT $${args.push(q.limit ?? 100)}`;
    const rows = (await this.db.query(sql, args)) as Record<string, unknown>[];
    return rows.map((r) => ({ id: Number(r.id), at: Number(r.at), actor: r.actor as string, action: r.action as string, target: r.target as string, details: r.details as Record<string, unknown> }));
  }
}
