#!/usr/bin/env bash
# Builds Wisp's stand-in for OpenWhisk's docker skeleton (openwhisk/dockerskeleton) without any registry: the Python
# root filesystem of runtimes/lib/python-rootfs.sh (its proxy runs the action's `exec` as the skeleton does) plus
# Debian's statically linked busybox for /bin/sh and the usual tools; /bin/bash runs busybox's ash.
# Skips the build when the image already holds the same content (label wisp.content-hash).
# Usage: build-image.sh [image]   (default: the dockerskeleton image of runtimes/runtimes.json)
set -euo pipefail
umask 022
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../lib/python-rootfs.sh
source "$HERE/../lib/python-rootfs.sh"
IMAGE="${1:-wisp/action-dockerskeleton:1}"
BUSYBOX=/bin/busybox

command -v docker >/dev/null || py_die "the docker CLI is not installed (run scripts/setup-docker.sh)"
# ldd fails on a static executable: the image has no loader for busybox to need.
[ -x "$BUSYBOX" ] && ! ldd "$BUSYBOX" >/dev/null 2>&1 || py_die "no static $BUSYBOX (apt-get install busybox-static)"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
{
  python_rootfs_files
  echo "$BUSYBOX|/bin/busybox"
} >"$WORK/files"
# The shell and tools: every busybox applet as a link, /usr/bin/env for "#!/usr/bin/env" scripts.
add_busybox() {
  local root="$1"
  mkdir -p "$root/usr/bin" "$root/sbin"
  for applet in $("$BUSYBOX" --list); do
    case "$applet" in busybox | python* | bash) continue ;; esac
    [ -e "$root/bin/$applet" ] || ln -s busybox "$root/bin/$applet"
  done
  ln -sf /bin/busybox "$root/usr/bin/env"
  # Scripts written for the skeleton start with #!/bin/bash; busybox's ash runs the usual ones.
  printf '#!/bin/sh\nexec /bin/busybox ash "$@"\n' >"$root/bin/bash"
  chmod 755 "$root/bin/bash"
}
build_python_image "$IMAGE" "$WORK/files" native "$HERE/build-image.sh" add_busybox
