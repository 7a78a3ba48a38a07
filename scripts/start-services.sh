#!/usr/bin/env bash
# Starts this machine's PostgreSQL, RabbitMQ and Mosquitto when they are not answering (they normally are).
set -euo pipefail

answers() { (echo > "/dev/tcp/127.0.0.1/$1") >/dev/null 2>&1; }
wait_for() {
  local port=$1 name=$2
  for _ in $(seq 1 60); do answers "$port" && return 0; sleep 1; done
  echo "setup: $name did not come up on 127.0.0.1:$port" >&2
  return 1
}

if ! answers 5432; then
  echo "setup: starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start
  wait_for 5432 PostgreSQL
fi
if ! answers 5672; then
  echo "setup: starting RabbitMQ"
  rabbitmq-server -detached
  wait_for 5672 RabbitMQ
fi
if ! answers 1883 && command -v mosquitto >/dev/null; then
  echo "setup: starting Mosquitto"
  mosquitto -d -c /etc/mosquitto/mosquitto.conf
  wait_for 1883 Mosquitto
fi
