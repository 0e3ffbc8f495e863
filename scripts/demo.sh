#!/usr/bin/env bash
# README command 1: install, build, and open the GUI on the bundled demo
# (an SQLite shop database and a slow log of queries against it).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
scripts/build.sh release

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    echo "demo: no display. Try: planwise-cli advise --db sqlite:build/release/resources/demo/demo.sqlite --log build/release/resources/demo/demo-slow.log"
    echo "      or run under a virtual display: xvfb-run -a build/release/app/planwise --demo"
    exit 1
fi
exec build/release/app/planwise --demo "$@"
