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
