#!/bin/sh
# Takes docs/screenshots/planwise-demo.png: the GUI on the bundled demo under
# Xvfb. Builds nothing: pass the built planwise (default: build/release, else
# build/dev). There is no window manager under Xvfb, so the window keeps the
# default geometry the app sets; we wait until it has drawn the demo, then
# grab that window (import -window ID).
#   scripts/screenshot.sh [PATH/TO/planwise] [OUT.png]
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
app=${1:-}
if [ -z "$app" ]; then
    for candidate in "$root/build/release/app/planwise" "$root/build/dev/app/planwise"; do
        if [ -x "$candidate" ]; then app=$candidate; break; fi
    done
fi
if [ -z "$app" ] || [ ! -x "$app" ]; then
    echo "screenshot.sh: no built planwise found (tried build/release/app/planwise, build/dev/app/planwise); pass its path" >&2
    exit 2
fi
out=${2:-"$root/docs/screenshots/planwise-demo.png"}
mkdir -p "$(dirname "$out")"
for tool in xvfb-run import xwininfo; do
    command -v "$tool" >/dev/null 2>&1 || { echo "screenshot.sh: $tool is missing (apt-get install xvfb imagemagick x11-utils)" >&2; exit 2; }
done

# The inner script runs inside the Xvfb session: start the app, wait for its
# window to be mapped, give the background load/plan/advice a moment, grab.
inner=$(mktemp)
trap 'rm -f "$inner"' EXIT
cat >"$inner" <<'INNER'
set -eu
app=$1; out=$2
"$app" --demo &
pid=$!
i=0
until xwininfo -root -tree 2>/dev/null | grep -q '"[^"]*Planwise"'; do
    i=$((i + 1))
    if [ $i -gt 100 ] || ! kill -0 $pid 2>/dev/null; then
        echo "screenshot.sh: the Planwise window did not appear" >&2
        kill $pid 2>/dev/null || true
        exit 1
    fi
    sleep 0.2
done
# The demo loads in well under a second; EXPLAIN and the advisor follow it.
sleep "${PLANWISE_SCREENSHOT_DELAY:-4}"
# The largest window titled "... Planwise" is the main window (Qt may map small helper windows).
id=$(xwininfo -root -tree | grep '"[^"]*Planwise"' | awk '
    match($0, / [0-9]+x[0-9]+\+/) {
        split(substr($0, RSTART + 1, RLENGTH - 2), d, "x")
        if (d[1] * d[2] > best) { best = d[1] * d[2]; id = $1 }
    }
    END { print id }')
import -window "${id:-root}" "$out"
kill $pid
wait $pid 2>/dev/null || true
INNER
xvfb-run -a -s '-screen 0 1400x900x24' sh "$inner" "$app" "$out"
echo "wrote $out"
