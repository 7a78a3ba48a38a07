#!/usr/bin/env bash
# Builds the nodejs action runtime image without any registry: the root filesystem is
# this machine's own node binary, its shared libraries, a passwd entry for an
# unprivileged user, and the proxy. Skips the build when the image already holds the
# same content (label wisp.content-hash).
set -euo pipefail
umask 022

IMAGE="${WISP_RUNTIME_IMAGE:-wisp/action-nodejs:20}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SCRIPT="$HERE/$(basename "${BASH_SOURCE[0]}")"
REPO="$(cd "$HERE/../.." && pwd)"
PROXY_SRC="$HERE/proxy"
PROXY_DEST=/opt/wisp/proxy
# The UMD bundle is self-contained (only node built-ins), unlike lib/node.cjs which requires siblings.
FFLATE_SRC="$REPO/node_modules/fflate/umd/index.js"
ACTION_UID=1000
ACTION_GID=1000

die() {
  echo "build-image: $*" >&2
  exit 1
}

command -v docker >/dev/null || die "the docker CLI is not installed (run scripts/setup-docker.sh)"
NODE_PATH_ON_PATH="$(command -v node)" || die "no node binary on PATH"
NODE_BIN="$(readlink -f "$NODE_PATH_ON_PATH")"
[ -f "$FFLATE_SRC" ] || die "missing $FFLATE_SRC (run npm install in $REPO)"

# Every file of the image as "source|destination"; the same list drives the hash and the copy.
MANIFEST=("$NODE_BIN|/usr/local/bin/node")
# ldd names each library by the path the loader looks up (including the loader itself);
# a fully static node yields none, and ldd then exits non-zero.
while read -r lib; do
  MANIFEST+=("$lib|$lib")
done < <({ ldd "$NODE_BIN" || true; } | grep -o '/[^ ]*' | sort -u)
while read -r file; do
  MANIFEST+=("$file|$PROXY_DEST/$(basename "$file")")
done < <(find "$PROXY_SRC" -maxdepth 1 -type f -name '*.js' | sort)
MANIFEST+=("$FFLATE_SRC|$PROXY_DEST/node_modules/fflate/index.js")

content_hash() {
  {
    for entry in "${MANIFEST[@]}"; do
      printf '%s %s\n' "$(sha256sum <"${entry%%|*}" | cut -d' ' -f1)" "${entry#*|}"
    done
    # passwd, group and the image config are written by this script, so it is content too.
    printf '%s script\n' "$(sha256sum <"$SCRIPT" | cut -d' ' -f1)"
  } | sha256sum | cut -d' ' -f1
}

HASH="$(content_hash)"
CURRENT_ID="$(docker image inspect --format '{{.Id}}' "$IMAGE" 2>/dev/null || true)"
CURRENT_HASH="$(docker image inspect --format '{{ index .Config.Labels "wisp.content-hash" }}' "$IMAGE" 2>/dev/null || true)"
if [ "$CURRENT_HASH" = "$HASH" ]; then
  echo "$IMAGE is up to date (content hash ${HASH:0:12})"
  exit 0
fi

START=$SECONDS
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
ROOT="$WORK/root"

for entry in "${MANIFEST[@]}"; do
  dest="$ROOT${entry#*|}"
  mkdir -p "$(dirname "$dest")"
  cp -L "${entry%%|*}" "$dest"
done

mkdir -p "$ROOT/etc" "$ROOT/run/wisp" "$ROOT/tmp"
chmod 1777 "$ROOT/tmp"
cat >"$ROOT/etc/passwd" <<PASSWD
root:x:0:0:root:/root:/sbin/nologin
wisp:x:$ACTION_UID:$ACTION_GID:wisp action user:/tmp:/sbin/nologin
PASSWD
cat >"$ROOT/etc/group" <<GROUP
root:x:0:
wisp:x:$ACTION_GID:
GROUP

# Root owns everything so the action user cannot alter the proxy even without --read-only.
tar -C "$ROOT" --owner=0 --group=0 --numeric-owner -c . |
  docker import \
    --change "USER $ACTION_UID:$ACTION_GID" \
    --change 'WORKDIR /tmp' \
    --change "CMD [\"/usr/local/bin/node\",\"$PROXY_DEST/server.js\"]" \
    --change "LABEL wisp.content-hash=$HASH" \
    - "$IMAGE" >/dev/null

# The replaced image would otherwise linger untagged; one still used by a container stays.
if [ -n "$CURRENT_ID" ]; then
  docker image rm "$CURRENT_ID" >/dev/null 2>&1 || true
fi

echo "built $IMAGE (content hash ${HASH:0:12}) in $((SECONDS - START))s"
