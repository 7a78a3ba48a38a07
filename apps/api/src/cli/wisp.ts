import 'reflect-metadata';
import { CommanderError } from 'commander';
import { buildProgram } from './program';

/** Exit codes: 0 done, 1 the command failed (store, not found, conflict), 2 bad usage. */
const USAGE_EXIT = 2;

/** `npm run wisp -- <command>`: parse first, then connect; errors go to stderr with a non-zero exit code. */
async function main(): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(process.argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      // Commander already printed the usage error (or the help, or the version).
      process.exitCode = e.exitCode === 0 ? 0 : USAGE_EXIT;
      return;
    }
    throw e;
  }
}

main().catch((e: Error) => {
  process.stderr.write(`wisp: ${e.message}\n`);
  process.exitCode = 1;
});
