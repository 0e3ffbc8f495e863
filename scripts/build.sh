#!/usr/bin/env bash
# Configures and builds a preset (default: release). ccache makes reruns cheap.
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-release}"
# ccache keys on the compiler's command line: with absolute paths rewritten
# relative to the checkout, a fresh clone in another folder hits the cache.
export CCACHE_BASEDIR="$PWD"
export CCACHE_NOHASHDIR=1
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" -j "$(nproc)"
