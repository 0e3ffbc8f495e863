#!/usr/bin/env bash
# README command 2: install, build, start the test servers, run every test.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
scripts/build.sh release

eval "$(scripts/test-servers.sh start)"
trap 'scripts/test-servers.sh stop >/dev/null 2>&1 || true' EXIT

# The servers are ours: a test that cannot reach one fails instead of skipping.
export PLANWISE_REQUIRE_SERVERS=1
ctest --preset release -j "$(nproc)"

# The profile-optimised build (scripts/build-pgo.sh) must digest exactly as the release build does.
scripts/build-pgo.sh >/dev/null
for f in build/release/resources/demo/demo-slow.log tests/data/logs/*; do
    cmp -s <(build/release/app/planwise-cli digest "$f" --json 2>&1) <(build/pgo/app/planwise-cli digest "$f" --json 2>&1) \
        || { echo "the PGO build digests $f differently from the release build" >&2; exit 1; }
done
echo "PGO build: same digests as the release build"
