#!/usr/bin/env bash
# axe-core for the browser tests, from the npm registry into target/axe-core/ (git-ignored:
# axe-core is MPL-2.0 and is not part of this repository). Prints the path of axe.min.js.
# Usage: scripts/fetch-axe-core.sh   Env: AXE_VERSION (an npm version range, default 4).
set -euo pipefail
cd "$(dirname "$0")/.."
version="${AXE_VERSION:-4}"
dest="${CARGO_TARGET_DIR:-target}/axe-core"
command -v npm >/dev/null || { echo "npm is needed: apt-get install npm" >&2; exit 1; }
mkdir -p "$dest"
if [ ! -f "$dest/package/axe.min.js" ]; then
    tarball=$(cd "$dest" && npm pack --silent "axe-core@$version" | tail -n 1)
    tar -xzf "$dest/$tarball" -C "$dest" package/axe.min.js package/LICENSE package/package.json
    rm -f "$dest/$tarball"
fi
realpath "$dest/package/axe.min.js"
