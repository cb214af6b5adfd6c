#!/usr/bin/env bash
# Makes ../shared/tools/functions-host (the real Azure Functions Node worker behind a stand-in host, given
# to this project read-only, without its compiled worker) runnable: copies it to a temp directory, adds the
# worker build vendored in worker-dist/ as its worker/dist, and runs the copy's install.sh (npm registry;
# FUNCTIONS_HOST_HOME as install.sh documents, cached between runs).
#
#   bash test/functions-host/harness.sh                 prepare; last line: FUNCTIONS_HOST_COPY=<dir>
#   bash test/functions-host/harness.sh run [SCENARIO]  prepare, then node <copy>/fake-host.js . SCENARIO
#   bash test/functions-host/harness.sh list            prepare, then node <copy>/list-functions.cjs .
#
# Run from anywhere; the app is this repository (`npm run build` first: the worker loads dist/). When the
# harness folder is absent (FUNCTIONS_HOST_SOURCE overrides where to look), says so and exits 0.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
SOURCE="${FUNCTIONS_HOST_SOURCE:-$REPO/../shared/tools/functions-host}"

if [[ ! -f "$SOURCE/fake-host.js" ]]; then
  echo "functions-host harness: skipped, $SOURCE is absent (it is not part of this repository)"
  exit 0
fi

COPY="$(mktemp -d "${TMPDIR:-/tmp}/functions-host.XXXXXX")"
cp -R "$SOURCE/." "$COPY/"
chmod -R u+w "$COPY" # the source is read-only; the copy must take worker/dist and stay removable
mkdir -p "$COPY/worker/dist"
cp -R "$HERE/worker-dist/src" "$HERE/worker-dist/azure-functions-language-worker-protobuf" "$COPY/worker/dist/"
bash "$COPY/install.sh" >&2

case "${1:-}" in
  "") echo "FUNCTIONS_HOST_COPY=$COPY" ;;
  run)
    trap 'rm -rf "$COPY"' EXIT
    cd "$REPO"
    node "$COPY/fake-host.js" . "${@:2}"
    ;;
  list)
    trap 'rm -rf "$COPY"' EXIT
    cd "$REPO"
    node "$COPY/list-functions.cjs" .
    ;;
  *) echo "usage: bash harness.sh [run [SCENARIO] | list]" >&2; rm -rf "$COPY"; exit 2 ;;
esac
