import type { Command } from 'commander';
import { cliActor } from '../../audit/audit-log';
import { SubjectService } from '../../auth/subject.service';
import type { CliContext } from '../cli-context';

/** `wisp namespace create NAME` and `wisp key create|list|revoke`: namespaces and their keys (audited as the CLI's user). */
export function registerNamespaceCommands(program: Command, ctx: CliContext): void {
  const namespace = program.command('namespace').description('namespaces');
  namespace
    .command('create')
    .description('create a namespace and print its new key (uuid:secret)')
    .argument('<name>', 'namespace name')
    .action(async (name: string) => {
      const { key } = await ctx.withDb((db) => new SubjectService(db).createNamespace(name, name, cliActor()));
      ctx.print(program.opts(), { namespace: name, key }, key);
    });

  const key = program.command('key').description('API keys of namespaces');
  key
    .command('create')
    .description('add another key to a namespace and print it')
    .argument('<namespace>')
    .action(async (name: string) => {
      const created = await ctx.withDb((db) => new SubjectService(db).createNamespace(name, name, cliActor()));
      ctx.print(program.opts(), { namespace: name, key: created.key }, created.key);
    });
  key
    .command('list')
    .description('list keys (uuid, namespace, state), never secrets')
    .argument('[namespace]')
    .action(async (name?: string) => {
      const keys = await ctx.withDb((db) => new SubjectService(db).listKeys(name));
      ctx.print(program.opts(), keys, () => keys.map((k) => `${k.uuid}  ${k.namespace}  ${k.revoked ? 'revoked' : 'active'}`).join('\n') || '(no keys)');
    });
  key
    .command('revoke')
    .description('revoke a key')
    .argument('<uuid>')
    .action(async (uuid: string) => {
      await ctx.withDb((db) => new SubjectService(db).revokeKey(uuid, cliActor()));
      ctx.print(program.opts(), { revoked: uuid }, `revoked ${uuid}`);
    });
}
