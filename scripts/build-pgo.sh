#!/usr/bin/env bash
# A Release build optimised with GCC's profile-guided optimisation: an
# instrumented build digests a training set of logs (generated and real, MySQL
# and PostgreSQL, both fingerprint modes, every output format), then the same
# build directory is rebuilt with the profiles that run recorded. The digest of a
# slow log takes ~7 % less CPU, of a PostgreSQL log 12–14 % (docs/benchmarks.md).
#
#   scripts/build-pgo.sh [--build-dir DIR] [TARGET...]
#
# TARGETs default to planwise-cli and planwise_db_commands (its advise/explain
# module); "all" builds everything the .deb holds (then: cpack --config
# DIR/CPackConfig.cmake). The training logs come from
# ../shared/tools/gen_slowlog.py when it is there (seeds other than the
# benchmark's), ../shared/corpus/slowlogs, the bundled demo log and
# tests/data/logs. Output: DIR/app/planwise-cli (DIR: build/pgo).
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
build="$here/build/pgo"
targets=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --build-dir) build="$(realpath -m "$2")"; shift 2 ;;
        -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) echo "usage: $0 [--build-dir DIR] [TARGET...]" >&2; exit 2 ;;
        *) targets+=("$1"); shift ;;
    esac
done
[[ ${#targets[@]} -gt 0 ]] || targets=(planwise-cli planwise_db_commands)
profile="$build/pgo-profile"
export CCACHE_BASEDIR="$here" CCACHE_NOHASHDIR=1

configure() {
    cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DPLANWISE_BUILD_TESTS=OFF \
        -DPLANWISE_BUILD_BENCH=OFF -DPLANWISE_PGO="$1" -DPLANWISE_PGO_DIR="$profile" >/dev/null
}

echo "== 1/3 instrumented build in $build"
rm -rf "$profile"
configure generate
cmake --build "$build" -j "$(nproc)" --target planwise-cli planwise_demo_data

echo "== 2/3 training run"
train="$(mktemp -d)"
trap 'rm -rf "$train"' EXIT
logs=("$build"/resources/demo/demo-slow.log "$here"/tests/data/logs/*)
gen="$here/../shared/tools/gen_slowlog.py"
if [[ -f "$gen" ]]; then
    python3 "$gen" --format mysql --size-mb 40 --seed 7 -o "$train/mysql.log" -q
    python3 "$gen" --format pg --size-mb 15 --seed 7 -o "$train/pg.log" -q
    logs+=("$train/mysql.log" "$train/pg.log")
else
    echo "   (no $gen: training on the bundled logs only, a weaker profile)"
fi
for f in "$here"/../shared/corpus/slowlogs/* "$here"/../shared/corpus/servers/*.log; do
    [[ -f "$f" && "$f" != *.ptqd.* ]] && logs+=("$f")
done
cli="$build/app/planwise-cli"
trained=0
for f in "${logs[@]}"; do
    # Bad input is part of the training (tests/data/logs holds some): exit codes 0 and 3 are both fine.
    for args in "--json" "--json --compat pt-query-digest" "--csv" ""; do
        # shellcheck disable=SC2086
        "$cli" digest "$f" $args >/dev/null 2>&1 || [[ $? -eq 3 ]] || { echo "training run failed: digest $f $args" >&2; exit 1; }
    done
    trained=$((trained + 1))
done
echo "   $trained logs digested in 4 ways; $(find "$profile" -name '*.gcda' | wc -l) profiles recorded"

echo "== 3/3 optimised build"
configure use
cmake --build "$build" -j "$(nproc)" --target "${targets[@]}"
# The optimised binary must still answer as before on the bundled log.
"$cli" digest "$build/resources/demo/demo-slow.log" --json >/dev/null
echo "done: $cli"
