import { type Command, InvalidArgumentError } from 'commander';
import { formatDuration, type NamespaceThrottles, parseDuration } from '@wisp/core';
import { cliActor } from '../../audit/audit-log';
import { NamespaceLimitsService } from '../../namespaces/namespace-limits.service';
import type { CliContext } from '../cli-context';

const THROTTLES: (keyof NamespaceThrottles)[] = ['invocationsPerMinute', 'concurrentInvocations', 'firesPerMinute', 'feeds', 'feedConnections'];
/** Limits that may be 0 (no feeds at all); throttles need at least 1. */
const ZERO_ALLOWED: (keyof NamespaceThrottles)[] = ['feeds', 'feedConnections'];

const integerAtLeast = (min: number) => (raw: string) => {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`must be an integer of at least ${min}`);
  return n;
};
const duration = (raw: string) => {
  const ms = parseDuration(raw);
  if (ms === undefined || ms <= 0) throw new InvalidArgumentError('must be a duration such as 12h or 2d');
  return ms;
};

/** `wisp limits set|show NAME`: per-namespace throttles, feed limits and activation retention. */
export function registerLimitsCommands(program: Command, ctx: CliContext): void {
  const limits = program.command('limits').description('per-namespace limits');
  const set = limits.command('set').description('override limits of a namespace').argument('<namespace>');
  for (const name of THROTTLES) set.option(`--${name} <n>`, ZERO_ALLOWED.includes(name) ? 'integer >= 0' : 'integer >= 1', integerAtLeast(ZERO_ALLOWED.includes(name) ? 0 : 1));
  set.option('--activationRetention <duration>', 'e.g. 2d or 12h, at most WISP_ACTIVATION_RETENTION', duration);
  set.action(async (namespace: string, opts: Partial<NamespaceThrottles> & { activationRetention?: number }) => {
    const { activationRetention, ...throttles } = opts;
    const given = Object.fromEntries(THROTTLES.filter((k) => throttles[k] !== undefined).map((k) => [k, throttles[k]])) as Partial<NamespaceThrottles>;
    await ctx.withDb(async (db) => {
      const service = new NamespaceLimitsService(db, ctx.wisp);
      if (activationRetention !== undefined) await service.setActivationRetention(namespace, activationRetention, cliActor());
      await service.setThrottles(namespace, given, cliActor());
    });
    const shown = { ...given, ...(activationRetention !== undefined && { activationRetention: formatDuration(activationRetention) }) };
    ctx.print(program.opts(), { namespace, limits: shown }, `limits of ${namespace}: ${JSON.stringify(shown)}`);
  });
  limits
    .command('show')
    .description('effective limits of a namespace (stored overrides over the defaults)')
    .argument('<namespace>')
    .action(async (namespace: string) => {
      const { values, retention } = await ctx.withDb(async (db) => {
        const service = new NamespaceLimitsService(db, ctx.wisp);
        return { values: await service.throttlesOf(namespace), retention: formatDuration(await service.activationRetentionOf(namespace)) };
      });
      ctx.print(program.opts(), { ...values, activationRetention: retention }, () => [...THROTTLES.map((k) => `${k}  ${values[k]}`), `activationRetention  ${retention}`].join('\n'));
    });
}
