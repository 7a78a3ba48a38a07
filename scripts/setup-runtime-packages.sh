#!/usr/bin/env bash
# Installs the Debian packages the runtime images are built from, when missing: python3 (the python:3 runtime and the
# proxy of the docker skeleton) and busybox-static (the skeleton's shell and tools). Safe to run repeatedly.
set -euo pipefail

missing=()
[ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import zipfile, http.client' 2>/dev/null || missing+=(python3)
[ -x /bin/busybox ] && ! ldd /bin/busybox >/dev/null 2>&1 || missing+=(busybox-static)
[ ${#missing[@]} -eq 0 ] && exit 0

[ "$(id -u)" -eq 0 ] || { echo "setup-runtime-packages: installing ${missing[*]} needs root" >&2; exit 1; }
echo "setup-runtime-packages: installing ${missing[*]}"
apt-get update
DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
