#!/usr/bin/env bash
# Builds, offline, the test stand-in for a standard OpenWhisk action image (server.py on :8080, Debian's Python,
# no Wisp proxy and no Wisp label), cached by content hash. Usage: build-image.sh [image]
set -euo pipefail
umask 022
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../../../runtimes/lib/python-rootfs.sh
source "$HERE/../../../runtimes/lib/python-rootfs.sh"
IMAGE="${1:-wisp-test/openwhisk-http:1}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
{
  python_rootfs_files | grep -v "|$PY_PROXY_DEST/"
  echo "$HERE/server.py|/actionProxy/server.py"
} >"$WORK/files"
HASH="$(content_hash_of "$WORK/files" "$HERE/build-image.sh")"
if [ "$(docker image inspect --format '{{ index .Config.Labels "test.content-hash" }}' "$IMAGE" 2>/dev/null || true)" = "$HASH" ]; then
  echo "$IMAGE is up to date"
  exit 0
fi
PREVIOUS="$(docker image inspect --format '{{.Id}}' "$IMAGE" 2>/dev/null || true)"
assemble_rootfs "$WORK/files" "$WORK/root"
tar -C "$WORK/root" --owner=0 --group=0 --numeric-owner -c . |
  docker import --change 'EXPOSE 8080' --change 'WORKDIR /actionProxy' --change 'CMD ["/usr/bin/python3", "-u", "/actionProxy/server.py"]' \
    --change "LABEL test.content-hash=$HASH" - "$IMAGE" >/dev/null
[ -z "$PREVIOUS" ] || docker image rm "$PREVIOUS" >/dev/null 2>&1 || true
echo "built $IMAGE"
