#!/usr/bin/env bash
# Installs everything Wisp needs on this kind of machine, from nothing, idempotently:
# npm dependencies, local services, the Docker engine, the runtime images, the build and the database schema.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund
fi
bash scripts/start-services.sh
bash scripts/setup-postgres-logical.sh
bash scripts/setup-docker.sh
bash scripts/setup-runtime-packages.sh
bash runtimes/build-images.sh
echo "setup: building"
npm run --silent build
echo "setup: migrating the database"
npm run --silent migrate
echo "setup: done. Start Wisp with: npm start"
