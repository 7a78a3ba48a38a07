import type { Command } from 'commander';
import type { CliContext } from '../cli-context';
import { registerActivationsCommands } from './activations.command';
import { registerAuditCommand } from './audit.command';
import { registerCatalogCommands } from './catalog.command';
import { registerLimitsCommands } from './limits.command';
import { registerNamespaceCommands } from './namespace.command';
import { registerSecretsCommands } from './secrets.command';
import { registerStatusCommand } from './status.command';

/** Adds one command group to the program. */
export type CommandRegistrar = (program: Command, ctx: CliContext) => void;

/** Every command group, one file each: add a group by adding its file and one line here. */
export const COMMAND_GROUPS: CommandRegistrar[] = [
  registerNamespaceCommands,
  registerLimitsCommands,
  registerCatalogCommands,
  registerStatusCommand,
  registerActivationsCommands,
  registerAuditCommand,
  registerSecretsCommands,
];
