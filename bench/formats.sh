#!/usr/bin/env bash
# Every output format of `check` on findings-heavy catalogs (issue 23, item 1). For each density
# of findings per matter (default: 0, 3 and 30) a catalog of N matters (default 10,000) is
# generated (examples/gen_catalog with FINDINGS_PER_MATTER), and the median wall time (RUNS runs
# after a warm-up, default 3) and peak RSS of `banshi check --format F` for every format are
# printed beside ripgrep over the same files in the same run, with the ratio to ripgrep and the
# number of findings.
#
#   bench/formats.sh [N] [RUNS] [DENSITIES...]
#
# Needs what bench/run.sh needs (bash 5, GNU time, ripgrep) and a release build (built here,
# or set BANSHI to a binary to measure, e.g. an older build for a before/after table).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-10000}
RUNS=${2:-3}
shift $(($# < 2 ? $# : 2))
DENSITIES=("$@")
((${#DENSITIES[@]})) || DENSITIES=(0 3 30)
BENCH_DIR=${BENCH_DIR:-${TMPDIR:-/tmp}/banshi-formats}
TIME=/usr/bin/time
# shellcheck source=bench/lib.sh
source bench/lib.sh
for tool in "$TIME" rg; do
    command -v "$tool" >/dev/null || { echo "bench/formats.sh: $tool is needed" >&2; exit 2; }
done
cargo build --release --quiet --example gen_catalog
if [[ -z ${BANSHI:-} ]]; then
    cargo build --release --quiet
    BANSHI=$PWD/target/release/banshi
fi
GEN=target/release/examples/gen_catalog
mkdir -p "$BENCH_DIR"
today=2026-06-01
printf '| N | findings/matter | findings | command | median wall (s) | peak RSS (MiB) | × rg |\n|---:|---:|---:|---|---:|---:|---:|\n'
for d in "${DENSITIES[@]}"; do
    catalog=$BENCH_DIR/catalog-$N-$d
    if [[ ! -f $catalog/banshi.yaml ]]; then
        rm -rf "$catalog"
        "$GEN" "$catalog" "$N" 2026 "$d" >/dev/null
    fi
    found=$("$BANSHI" check "$catalog" --today $today --format json | jq length)
    timed "$RUNS" rg -c '等|其他|其它|有关|相关' "$catalog"
    rg_t=$MEDIAN
    printf '| %s | %s | %s | rg | %.3f | %d | 1.0 |\n' "$N" "$d" "$found" "$rg_t" $((RSS_KB / 1024))
    for f in human concise json sarif github gitlab junit; do
        timed "$RUNS" "$BANSHI" check "$catalog" --today $today --format "$f" --color never
        printf '| %s | %s | %s | check --format %s | %.3f | %d | %.1f |\n' "$N" "$d" "$found" "$f" "$MEDIAN" $((RSS_KB / 1024)) \
            "$(awk -v a="$MEDIAN" -v b="$rg_t" 'BEGIN {print a / b}')"
    done
done
