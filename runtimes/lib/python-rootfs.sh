# Sourced by the build scripts of images that run Wisp's Python proxy (runtimes/python, runtimes/dockerskeleton).
# Lists the files of a minimal root filesystem made of this machine's Debian Python 3 (the interpreter, the standard
# library without tests, IDLE, Tk and build files, the shared libraries ldd lists for the interpreter and its extension
# modules) and the proxy; assembles it; and imports it as an image without any registry.
# Needs /usr/bin/python3 from Debian (setup.sh installs it): a pyenv or venv python would drag its own prefix along.

PY_BIN="$(readlink -f /usr/bin/python3 2>/dev/null || true)"
PY_PROXY_SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")/../python/proxy" && pwd)"
PY_PROXY_DEST=/opt/wisp/python
ACTION_UID=1000
ACTION_GID=1000

py_die() {
  echo "build-image: $*" >&2
  exit 1
}

# Prints "source|destination" for every file of the Python root filesystem, sorted.
python_rootfs_files() {
  [ -x "$PY_BIN" ] || py_die "no Debian /usr/bin/python3 (apt-get install python3)"
  local version libdir
  version="$("$PY_BIN" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
  libdir="/usr/lib/python$version"
  [ -f "$libdir/os.py" ] || py_die "no standard library in $libdir"
  echo "$PY_BIN|/usr/bin/python$version"
  # Optimised .pyc files and everything an action cannot use without a compiler or a display stay out.
  find "$libdir" \( -type d \( -name test -o -name tests -o -name idlelib -o -name tkinter -o -name turtledemo \
    -o -name ensurepip -o -name lib2to3 -o -name pydoc_data -o -name 'config-*' -o -name dist-packages \
    -o -name site-packages -o -name distutils \) -prune \) -o \( -type f ! -name '*.opt-1.pyc' ! -name '*.opt-2.pyc' \
    ! -name '_test*.so' ! -name 'xxlimited*.so' ! -name '_xxtestfuzz*.so' ! -name '_ctypes_test*.so' -print \) |
    sort | sed 's/.*/&|&/'
  # sitecustomize is a Debian symlink into /etc; find lists it only when it resolves.
  { ldd "$PY_BIN"; find "$libdir/lib-dynload" -name '*.so' -exec ldd {} \; ; } 2>/dev/null |
    grep -o '/[^ ]*' | grep -v '^/usr/lib/python' | sort -u | while read -r lib; do
      [ -e "$lib" ] && echo "$lib|$lib"
    done
  find "$PY_PROXY_SRC" -type f -name '*.py' ! -path '*/__pycache__/*' | sort | while read -r file; do
    echo "$file|$PY_PROXY_DEST/${file#"$PY_PROXY_SRC"/}"
  done
}

# Hash of the listed files' content and destinations plus the given scripts (which write passwd, config...).
content_hash_of() {
  local list="$1"
  shift
  {
    cut -d'|' -f1 "$list" | tr '\n' '\0' | xargs -0 sha256sum | cut -d' ' -f1 | paste -d' ' - <(cut -d'|' -f2 "$list")
    for script in "$@"; do printf '%s script\n' "$(sha256sum <"$script" | cut -d' ' -f1)"; done
  } | sha256sum | cut -d' ' -f1
}

# Copies the listed files into $2 and adds the users, /tmp, /run/wisp and python3 symlinks.
assemble_rootfs() {
  local list="$1" root="$2" version
  while IFS='|' read -r src dest; do
    mkdir -p "$root$(dirname "$dest")"
    cp -L "$src" "$root$dest"
  done <"$list"
  version="$("$PY_BIN" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
  ln -sf "python$version" "$root/usr/bin/python3"
  ln -sf "python$version" "$root/usr/bin/python"
  # The loader looks for libraries in /lib64 and /lib/x86_64-linux-gnu: ldd named them, so they are there.
  mkdir -p "$root/etc" "$root/run/wisp" "$root/tmp" "$root/action"
  # A tmpfs mounted there copies the mode up: the action user writes /action only where such a tmpfs is given.
  chmod 1777 "$root/tmp" "$root/action"
  cat >"$root/etc/passwd" <<PASSWD
root:x:0:0:root:/root:/sbin/nologin
wisp:x:$ACTION_UID:$ACTION_GID:wisp action user:/tmp:/sbin/nologin
PASSWD
  cat >"$root/etc/group" <<GROUP
root:x:0:
wisp:x:$ACTION_GID:
GROUP
}

# Imports $1 (root dir) as image $2 running "$3" (a JSON array) with content hash $4; removes the image it replaces.
import_rootfs() {
  local root="$1" image="$2" cmd="$3" hash="$4" previous
  previous="$(docker image inspect --format '{{.Id}}' "$image" 2>/dev/null || true)"
  # Root owns everything so the action user cannot alter the proxy even without --read-only.
  tar -C "$root" --owner=0 --group=0 --numeric-owner -c . |
    docker import \
      --change "USER $ACTION_UID:$ACTION_GID" \
      --change 'WORKDIR /tmp' \
      --change 'ENV PYTHONIOENCODING=UTF-8 PYTHONDONTWRITEBYTECODE=1 PATH=/usr/local/bin:/usr/bin:/bin' \
      --change "CMD $cmd" \
      --change "LABEL wisp.content-hash=$hash wisp.protocol=socket" \
      - "$image" >/dev/null
  if [ -n "$previous" ] && [ "$previous" != "$(docker image inspect --format '{{.Id}}' "$image")" ]; then
    docker image rm "$previous" >/dev/null 2>&1 || true
  fi
}

# Prints the current content hash label of $1 (empty when the image is absent).
image_hash() {
  docker image inspect --format '{{ index .Config.Labels "wisp.content-hash" }}' "$1" 2>/dev/null || true
}

# build_python_image IMAGE FILES PROXY_MODE SCRIPT [CUSTOMIZE]: builds IMAGE from the "source|destination" list FILES
# running the proxy in PROXY_MODE, unless its content hash (files, SCRIPT, this library) is already the image's.
# CUSTOMIZE, a function, is called with the root directory before the import.
build_python_image() {
  local image="$1" files="$2" mode="$3" script="$4" customize="${5:-}" hash start root
  hash="$(content_hash_of "$files" "$script" "${BASH_SOURCE[0]}")"
  if [ "$(image_hash "$image")" = "$hash" ]; then
    echo "$image is up to date (content hash ${hash:0:12})"
    return 0
  fi
  start=$SECONDS
  root="$(dirname "$files")/root"
  assemble_rootfs "$files" "$root"
  [ -z "$customize" ] || "$customize" "$root"
  import_rootfs "$root" "$image" "[\"/usr/bin/python3\",\"-B\",\"-s\",\"$PY_PROXY_DEST/serve.py\",\"$mode\"]" "$hash"
  echo "built $image (content hash ${hash:0:12}) in $((SECONDS - start))s"
}
