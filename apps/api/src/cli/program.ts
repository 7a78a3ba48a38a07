import { Command } from 'commander';
import { CliContext } from './cli-context';
import { COMMAND_GROUPS } from './commands';

/** The `wisp` program: every command group registered, nothing connected until a command runs. */
export function buildProgram(ctx = new CliContext()): Command {
  const program = new Command('wisp')
    .description("Wisp administration (what OpenWhisk does with wskadmin). Reads WISP_* variables like the API.")
    .option('--json', 'print JSON instead of text')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => ctx.out.write(s), writeErr: (s) => ctx.err.write(s) });
  for (const register of COMMAND_GROUPS) register(program, ctx);
  return program;
}
