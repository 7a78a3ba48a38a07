#!/usr/bin/env bash
# Builds the image of every runtime and well-known blackbox listed in runtimes/runtimes.json, each by the
# build-image.sh of its folder (called with the image name; the nodejs one reads WISP_RUNTIME_IMAGE instead).
# Every build is offline and skipped when its image already holds the same content, so this is cheap to repeat.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

node -e '
  const m = require(process.argv[1]);
  const seen = new Set();
  for (const list of Object.values(m.runtimes)) for (const r of list) emit(r.folder, r.image);
  for (const b of m.blackboxes) emit(b.folder, b.image);
  function emit(folder, image) {
    if (seen.has(folder + " " + image)) return;
    seen.add(folder + " " + image);
    console.log(folder + " " + image);
  }
' "$HERE/runtimes.json" | while read -r folder image; do
  script="$HERE/$folder/build-image.sh"
  [ -f "$script" ] || { echo "build-images: $script is missing for $image" >&2; exit 1; }
  if [ "$folder" = nodejs ]; then
    bash "$script"
  else
    bash "$script" "$image"
  fi
done
