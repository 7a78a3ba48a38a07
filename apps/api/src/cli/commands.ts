import { BadRequestError, formatDuration, type NamespaceThrottles, parseDuration, type WispConfig } from '@wisp/core';
import type { DataSource } from 'typeorm';
import type { SubjectService } from '../auth/subject.service';
import { CATALOG_USAGE, runCatalogCommand } from '../catalog/catalog.commands';
import type { NamespaceLimitsService } from '../namespaces/namespace-limits.service';
import { cliActor } from '../audit/audit-log';
import { AUDIT_USAGE, runAuditCommand } from './audit.commands';
import { runSecretsCommand, SECRETS_USAGE } from './secrets.commands';

/** Services the admin commands work with. */
export interface CommandServices {
  subjects: SubjectService;
  limits: NamespaceLimitsService;
  /** For `catalog install` (without it the command opens a connection of its own), `audit` and `secrets`. */
  db?: DataSource;
  /** For `secrets` (the keys). */
  config?: WispConfig;
}

export const USAGE = `usage: wisp <command>
  namespace create NAME          create a namespace and print its new key (uuid:secret)
  key create NAME                add another key to namespace NAME and print it
  key list [NAME]                list keys (uuid, namespace, revoked), never secrets
  key revoke UUID                revoke a key
  limits set NAME [--invocationsPerMinute N] [--concurrentInvocations N] [--firesPerMinute N] [--feeds N] [--feedConnections N]
                                 [--activationRetention DURATION]   e.g. 2d or 12h, at most WISP_ACTIVATION_RETENTION
  limits show NAME               effective limits of namespace NAME (stored overrides over the defaults)
${CATALOG_USAGE}
${AUDIT_USAGE}
${SECRETS_USAGE}`;

const THROTTLES: (keyof NamespaceThrottles)[] = ['invocationsPerMinute', 'concurrentInvocations', 'firesPerMinute', 'feeds', 'feedConnections'];
/** Limits that may be 0 (no feeds at all); throttles need at least 1. */
const ZERO_ALLOWED: (keyof NamespaceThrottles)[] = ['feeds', 'feedConnections'];

/** Runs one admin command and returns what it prints. @throws BadRequestError with the usage on bad input. */
export async function runCommand(argv: string[], s: CommandServices): Promise<string> {
  const [noun, verb, arg, ...rest] = argv;
  if (noun === 'catalog') return runCatalogCommand(argv.slice(1), s.db);
  if (noun === 'audit' && s.db) return runAuditCommand(argv.slice(1), s.db);
  if (noun === 'secrets' && s.db && s.config) return runSecretsCommand(argv.slice(1), s.db, s.config);
  const actor = cliActor();
  if (noun === 'namespace' && verb === 'create' && arg) return (await s.subjects.createNamespace(arg, arg, actor)).key;
  if (noun === 'key' && verb === 'create' && arg) return (await s.subjects.createNamespace(arg, arg, actor)).key;
  if (noun === 'key' && verb === 'list') {
    const keys = await s.subjects.listKeys(arg);
    return keys.map((k) => `${k.uuid}  ${k.namespace}  ${k.revoked ? 'revoked' : 'active'}`).join('\n') || '(no keys)';
  }
  if (noun === 'key' && verb === 'revoke' && arg) {
    await s.subjects.revokeKey(arg, actor);
    return `revoked ${arg}`;
  }
  if (noun === 'limits' && verb === 'set' && arg) {
    const limits: Partial<NamespaceThrottles> = {};
    let retentionMs: number | undefined;
    for (let i = 0; i < rest.length; i += 2) {
      if (rest[i] === '--activationRetention') {
        retentionMs = parseDuration(rest[i + 1] ?? '');
        if (retentionMs === undefined || retentionMs <= 0) throw new BadRequestError(`bad limit ${rest[i]} ${rest[i + 1]}\n${USAGE}`);
        continue;
      }
      const name = rest[i]?.replace(/^--/, '') as keyof NamespaceThrottles;
      const value = Number(rest[i + 1]);
      const min = ZERO_ALLOWED.includes(name) ? 0 : 1;
      if (!THROTTLES.includes(name) || !Number.isInteger(value) || value < min) throw new BadRequestError(`bad limit ${rest[i]} ${rest[i + 1]}\n${USAGE}`);
      limits[name] = value;
    }
    if (retentionMs !== undefined) await s.limits.setActivationRetention(arg, retentionMs, actor);
    await s.limits.setThrottles(arg, limits, actor);
    const retention = retentionMs === undefined ? {} : { activationRetention: formatDuration(retentionMs) };
    return `limits of ${arg}: ${JSON.stringify({ ...limits, ...retention })}`;
  }
  if (noun === 'limits' && verb === 'show' && arg) {
    const limits = await s.limits.throttlesOf(arg);
    const retention = `activationRetention  ${formatDuration(await s.limits.activationRetentionOf(arg))}`;
    return [...THROTTLES.map((k) => `${k}  ${limits[k]}`), retention].join('\n');
  }
  throw new BadRequestError(USAGE);
}
