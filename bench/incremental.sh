#!/usr/bin/env bash
# Re-checking one edited file, through the library API (examples/incremental.rs), against a
# full `banshi check` of the same catalog measured in the same run.
#
#   bench/incremental.sh                    # 1,000, 10,000 and 100,000 matters, 7 edits of each kind
#   SIZES="100000" RUNS=15 bench/incremental.sh
#
# For each size it prints the example's table (median, fastest and slowest milliseconds of each
# kind of edit, from handing over the new text to having the findings of every file named as
# changed) and the median wall time of `banshi check --quiet` over 3 runs, then the ratio.
# Needs bash 5 and GNU time (/usr/bin/time); catalogs are generated once into $BENCH_DIR.
set -euo pipefail

cd "$(dirname "$0")/.."
SIZES=${SIZES:-"1000 10000 100000"}
RUNS=${RUNS:-7}
SEED=${SEED:-2026}
BENCH_DIR=${BENCH_DIR:-${TMPDIR:-/tmp}/banshi-bench}
TIME=/usr/bin/time
# shellcheck source=bench/lib.sh
source bench/lib.sh
command -v "$TIME" >/dev/null || { echo "bench/incremental.sh: $TIME is needed" >&2; exit 2; }

cargo build --release --quiet --example gen_catalog --example incremental
cargo build --release --quiet
GEN=target/release/examples/gen_catalog
for n in $SIZES; do
    dir=$BENCH_DIR/catalog-$n-$SEED
    if [[ ! -f $dir/banshi.yaml ]]; then
        rm -rf "$dir"
        "$GEN" "$dir" "$n" "$SEED" >/dev/null 2>&1 || { echo "bench/incremental.sh: gen_catalog failed" >&2; exit 2; }
    fi
    echo "## $n matters"
    target/release/examples/incremental "$dir" "$RUNS"
    timed 3 target/release/banshi check "$dir" --quiet --today 2026-06-01
    echo "banshi check --quiet: median $MEDIAN s, peak RSS $((RSS_KB / 1024)) MiB"
    echo
done
