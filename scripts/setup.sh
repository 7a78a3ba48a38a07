#!/usr/bin/env bash
# Installs everything Wisp needs on this kind of machine, from nothing, idempotently:
# npm dependencies, local services, the Docker engine, the runtime image, the build and the database schema.
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
echo "setup [4/6] runtime image (rebuilt only when its content changed)"
bash runtimes/nodejs/build-image.sh
echo "setup [5/6] building"
npm run --silent build
echo "setup [6/6] migrating the database"
npm run --silent migrate
echo "setup: done. Start Wisp with: npm start"
