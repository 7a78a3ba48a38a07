import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** Integration suites need Docker with the runtime images; `.ci/run` and `npm run setup` provide both, this checks. */
export default async function integrationSetup(): Promise<void> {
  const root = join(__dirname, '..', '..');
  execFileSync('bash', [join(root, 'scripts/setup-docker.sh')], { stdio: 'inherit' });
  execFileSync('bash', [join(root, 'runtimes/build-images.sh')], { stdio: 'inherit' });
}
