#!/usr/bin/env bash
# Rebuilds test/functions-host/worker-dist/ (the compiled Azure Functions Node worker the harness in
# ../shared/tools/functions-host needs, see README.md next to this script) from Microsoft's source.
#
#   bash test/functions-host/build-worker-dist.sh [GIT_SOURCE]
#
# GIT_SOURCE: a clone URL or a local git directory (default: the GitHub repository). Needs git, node, npm
# and the npm registry (the worker's devDependencies: TypeScript, protobufjs-cli). Writes worker-dist/ and
# its SHA256SUMS; `git diff` then shows whether the build reproduced the committed files.
set -euo pipefail

SOURCE="${1:-https://github.com/Azure/azure-functions-nodejs-worker.git}"
# v3.x branch head whose package.json says 3.9.1 and whose files match ../shared/tools/functions-host/worker
COMMIT=2876343942423f1b18483d99bcd8461bd5297a9c
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="$HERE/worker-dist"

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
echo "build-worker-dist: $SOURCE @ $COMMIT in $WORK"
if [[ -d "$SOURCE" && ! -d "$SOURCE/.git" ]]; then
  git --git-dir="$SOURCE" archive "$COMMIT" | tar -x -C "$WORK" # a bare git directory
else
  git clone --quiet --no-checkout "$SOURCE" "$WORK/clone"
  git -C "$WORK/clone" archive "$COMMIT" | tar -x -C "$WORK"
  rm -rf "$WORK/clone"
fi

version="$(node -p 'require(process.argv[1]).version' "$WORK/package.json")"
[[ "$version" == "3.9.1" ]] || { echo "build-worker-dist: expected version 3.9.1, got $version" >&2; exit 1; }

# The worker's own build (package.json "build"): pbjs turns the protobuf subtree (tag v1.10.0-protofile)
# into dist/azure-functions-language-worker-protobuf/src/rpc.js, then tsc compiles src/ into dist/src.
(cd "$WORK" && npm ci --no-audit --no-fund && npm run build)

# Keep only what the harness copies at run time (lib/home.cjs WORKER_FILES: dist/src and
# dist/azure-functions-language-worker-protobuf), and of those only the JavaScript: source maps point to
# src/*.ts, which is not vendored, and rpc.d.ts is for TypeScript builds only.
rm -rf "$OUT/src" "$OUT/azure-functions-language-worker-protobuf"
(cd "$WORK/dist" && find src azure-functions-language-worker-protobuf -type f -name '*.js' | sort) | while read -r rel; do
  mkdir -p "$OUT/$(dirname "$rel")"
  cp "$WORK/dist/$rel" "$OUT/$rel"
done
cp "$WORK/LICENSE" "$OUT/LICENSE"
cp "$WORK/azure-functions-language-worker-protobuf/LICENSE" "$OUT/azure-functions-language-worker-protobuf/LICENSE"
(cd "$OUT" && find src azure-functions-language-worker-protobuf -type f -name '*.js' | sort | xargs sha256sum >SHA256SUMS)
echo "build-worker-dist: wrote $OUT ($(du -sh "$OUT" | cut -f1))"
