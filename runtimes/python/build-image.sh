#!/usr/bin/env bash
# Builds the python:3 action image without any registry: this machine's Debian Python 3 and standard library, the
# shared libraries they load, an unprivileged user, and Wisp's Python proxy (runtimes/lib/python-rootfs.sh).
# Skips the build when the image already holds the same content (label wisp.content-hash).
# Usage: build-image.sh [image]   (default: the python:3 image of runtimes/runtimes.json)
set -euo pipefail
umask 022
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../lib/python-rootfs.sh
source "$HERE/../lib/python-rootfs.sh"
IMAGE="${1:-wisp/action-python:3.11}"

command -v docker >/dev/null || py_die "the docker CLI is not installed (run scripts/setup-docker.sh)"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
python_rootfs_files >"$WORK/files"
build_python_image "$IMAGE" "$WORK/files" python "$HERE/build-image.sh"
