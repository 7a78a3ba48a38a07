#!/usr/bin/env bash
# Installs everything Wisp needs on this kind of machine, from nothing, idempotently:
# npm dependencies, local services, the Docker engine, the runtime image, the build and the database schema.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund
fi
bash scripts/start-services.sh
bash scripts/setup-postgres-logical.sh
bash scripts/setup-docker.sh
bash runtimes/nodejs/build-image.sh
echo "setup: building"
npm run --silent build
echo "setup: migrating the database"
npm run --silent migrate
# The key that seals feed secrets at rest: $WISP_SECRET_KEY_FILE (default $WISP_STATE_DIR/secret.key, WISP_STATE_DIR
# default /var/lib/wisp), created once with mode 0600 unless WISP_SECRET_KEY is set; never overwritten.
echo "setup: secret key"
npm run --silent wisp -- secrets status
echo "setup: done. Start Wisp with: npm start"
