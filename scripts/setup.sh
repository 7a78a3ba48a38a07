#!/usr/bin/env bash
# Installs everything Wisp needs on this kind of machine, from nothing, idempotently:
# npm dependencies, local services, the Docker engine, the runtime images, the build and the database schema.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup [1/6] npm ci"
  npm ci --no-audit --no-fund
fi
echo "setup [2/6] services (PostgreSQL, RabbitMQ, Mosquitto)"
bash scripts/start-services.sh
bash scripts/setup-postgres-logical.sh
echo "setup [3/6] Docker engine"
bash scripts/setup-docker.sh
echo "setup [4/6] runtime images (each rebuilt only when its content changed)"
bash scripts/setup-runtime-packages.sh
bash runtimes/build-images.sh
if [ ! -x /usr/bin/chromium ]; then
  # The console's e2e suite drives Debian's Chromium through playwright-core; no test tool downloads a browser.
  echo "setup: installing Debian's chromium (for the console's browser tests)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
echo "setup [5/6] building"
npm run --silent build
echo "setup [6/6] migrating the database"
npm run --silent migrate
# The key that seals feed secrets at rest: $WISP_SECRET_KEY_FILE (default $WISP_STATE_DIR/secret.key, WISP_STATE_DIR
# default /var/lib/wisp), created once with mode 0600 unless WISP_SECRET_KEY is set; never overwritten.
echo "setup: secret key"
npm run --silent wisp -- secrets status
echo "setup: done. Start Wisp with: npm start"
