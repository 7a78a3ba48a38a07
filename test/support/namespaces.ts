import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import openwhisk from 'openwhisk';
import { E2E } from './e2e-env';
import { stackEnv } from './stack';

const run = promisify(execFile);

/**
 * The `openwhisk` client. Its bundled typings lag its own documented API (e.g. `activations.get({activationId})`,
 * `activations.list({docs})`), so tests use it untyped, exactly as its README shows.
 */
export type OwClient = any;

/** A namespace created for one test file, with its key and an `openwhisk` client bound to it. */
export interface TestNamespace {
  namespace: string;
  key: string;
  ow: OwClient;
}

/** Runs the `wisp` admin command against the e2e database; returns its stdout. */
export async function wispCli(...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, [join(E2E.repoRoot, 'dist/apps/api/src/cli/wisp.js'), ...args], { env: stackEnv() });
  return stdout.trim();
}

/** Unique name for this run: `prefix-<time>-<random>`. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;
}

/** Creates a fresh namespace through the admin command, as an operator would. */
export async function createTestNamespace(prefix = 'ns'): Promise<TestNamespace> {
  const namespace = uniqueName(prefix);
  const key = await wispCli('namespace', 'create', namespace);
  return { namespace, key, ow: owClient(key) };
}

/** An `openwhisk` npm client for the e2e stack. */
export function owClient(key: string): OwClient {
  return openwhisk({ apihost: E2E.apihost, api_key: key });
}
