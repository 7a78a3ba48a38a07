#!/usr/bin/env bash
# Makes sure a Docker engine answers on /var/run/docker.sock: installs docker.io when
# missing and starts dockerd without a bridge or iptables (actions run with
# --network none and talk to the invoker over unix sockets). Safe to run repeatedly.
set -euo pipefail

SOCKET=/var/run/docker.sock
PID_FILE=/var/run/docker.pid
LOG_FILE=/var/log/wisp-dockerd.log
WAIT_SECONDS=60

die() {
  echo "setup-docker: $*" >&2
  exit 1
}

engine_answers() {
  timeout 5 docker -H "unix://$SOCKET" version >/dev/null 2>&1
}

# pgrep may be absent on minimal systems; /proc is always there.
dockerd_running() {
  local comm
  for comm in /proc/[0-9]*/comm; do
    [ "$(cat "$comm" 2>/dev/null)" = dockerd ] && return 0
  done
  return 1
}

need_root() {
  [ "$(id -u)" -eq 0 ] || die "$1 needs root; rerun as root (or with sudo)"
}

if ! command -v dockerd >/dev/null || ! command -v docker >/dev/null; then
  need_root "installing docker.io"
  echo "setup-docker: installing docker.io"
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y docker.io
fi

if engine_answers; then
  echo "setup-docker: docker engine is answering on $SOCKET"
  exit 0
fi

if dockerd_running; then
  # A dockerd that is still starting (or wedged) owns the socket; a second one would fight it.
  echo "setup-docker: dockerd is running but not answering yet; waiting"
else
  need_root "starting dockerd"
  # dockerd refuses to start while its pid file names a pid, even a dead one.
  rm -f "$PID_FILE"
  echo "setup-docker: starting dockerd (log: $LOG_FILE)"
  nohup dockerd --bridge=none --iptables=false >>"$LOG_FILE" 2>&1 </dev/null &
  STARTED_PID=$!
fi

for ((i = 0; i < WAIT_SECONDS; i++)); do
  if engine_answers; then
    echo "setup-docker: docker engine is answering on $SOCKET"
    exit 0
  fi
  if [ -n "${STARTED_PID:-}" ] && ! kill -0 "$STARTED_PID" 2>/dev/null; then
    tail -n 20 "$LOG_FILE" >&2 || true
    die "dockerd exited during startup; see $LOG_FILE"
  fi
  sleep 1
done

die "docker engine did not answer on $SOCKET within ${WAIT_SECONDS}s; see $LOG_FILE"
