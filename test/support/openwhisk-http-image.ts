import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** A locally built image that serves OpenWhisk's action protocol on :8080 and knows nothing about Wisp. */
export const OPENWHISK_HTTP_IMAGE = 'wisp-test/openwhisk-http:1';

/** Builds {@link OPENWHISK_HTTP_IMAGE} offline (skipped when its content is unchanged). */
export function buildOpenWhiskHttpImage(): void {
  execFileSync('bash', [join(__dirname, 'openwhisk-http-image', 'build-image.sh'), OPENWHISK_HTTP_IMAGE], { stdio: 'inherit' });
}
