#!/usr/bin/env bash
# Puts this machine's PostgreSQL in wal_level=logical (needed by the postgres feed's `logical` mode), idempotently:
# changes the setting and restarts the cluster only when it is not logical yet, then waits until it answers.
set -euo pipefail

PSQL=(psql -h 127.0.0.1 -U postgres -d postgres -Atq)
answers() { "${PSQL[@]}" -c 'SELECT 1' >/dev/null 2>&1; }
wait_until_answering() {
  for _ in $(seq 1 60); do answers && return 0; sleep 1; done
  echo "setup: PostgreSQL did not come back on 127.0.0.1:5432" >&2
  return 1
}

wait_until_answering
if [ "$("${PSQL[@]}" -c 'SHOW wal_level')" = "logical" ]; then
  exit 0
fi
echo "setup: setting wal_level=logical and restarting PostgreSQL"
"${PSQL[@]}" -c "ALTER SYSTEM SET wal_level = 'logical'"
# Slots and senders: one slot per logical subscription; keep headroom above PostgreSQL's default of 10.
if [ "$("${PSQL[@]}" -c 'SHOW max_replication_slots')" -lt 20 ]; then
  "${PSQL[@]}" -c "ALTER SYSTEM SET max_replication_slots = 20"
fi
if [ "$("${PSQL[@]}" -c 'SHOW max_wal_senders')" -lt 20 ]; then
  "${PSQL[@]}" -c "ALTER SYSTEM SET max_wal_senders = 20"
fi
pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main restart
wait_until_answering
if [ "$("${PSQL[@]}" -c 'SHOW wal_level')" != "logical" ]; then
  echo "setup: PostgreSQL still not in wal_level=logical" >&2
  exit 1
fi
