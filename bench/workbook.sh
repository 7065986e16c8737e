#!/usr/bin/env bash
# Workbook exchange (issue 22): export and import of a 10,000-matter implementation list.
# Generates a clean catalog of N matters (default 10,000; examples/gen_catalog), then times,
# median of RUNS runs after a warm-up: `check` of the catalog (the baseline, measured in the
# same run), `export xlsx` of it, and `import xlsx` of the exported workbook (which includes
# the check of the imported catalog). Prints wall time, peak RSS, the ratios to `check`, the
# workbook's size, and whether the imported catalog has the original's findings.
#
#   bench/workbook.sh [N] [RUNS]
#
# Needs what bench/run.sh needs (bash 5, GNU time) and a release build (built here).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-10000}
RUNS=${2:-5}
BENCH_DIR=${BENCH_DIR:-${TMPDIR:-/tmp}/banshi-workbook}
TIME=/usr/bin/time
# shellcheck source=bench/lib.sh
source bench/lib.sh
cargo build --release --quiet --example gen_catalog
cargo build --release --quiet
BANSHI=$PWD/target/release/banshi
mkdir -p "$BENCH_DIR"
catalog=$BENCH_DIR/catalog-$N
if [[ ! -f $catalog/banshi.yaml ]]; then
    rm -rf "$catalog"
    target/release/examples/gen_catalog "$catalog" "$N" 2026 >/dev/null
fi
today=2026-06-01
book=$BENCH_DIR/清单-$N.xlsx

timed "$RUNS" "$BANSHI" check "$catalog" --today $today --format json
check=$MEDIAN check_rss=$RSS_KB
timed "$RUNS" "$BANSHI" export xlsx "$catalog" --out "$book" --force --today $today
export_t=$MEDIAN export_rss=$RSS_KB
TIMED_BEFORE="rm -rf $BENCH_DIR/imported" timed "$RUNS" "$BANSHI" import xlsx "$book" --out "$BENCH_DIR/imported" --today $today
import_t=$MEDIAN import_rss=$RSS_KB

cp -r "$catalog/forms" "$BENCH_DIR/imported/" 2>/dev/null || true  # 样表 files are not in a workbook
same=no
if cmp -s <("$BANSHI" check "$catalog" --today $today --format json | jq -S '[.[] | {code, message, file}] | sort') \
          <("$BANSHI" check "$BENCH_DIR/imported" --today $today --format json | jq -S '[.[] | {code, message, file}] | sort'); then
    same=yes
fi
printf 'matters: %s, runs: %s, workbook: %s KB\n' "$N" "$RUNS" "$(($(stat -c %s "$book") / 1024))"
printf '%-8s %9s %10s %8s\n' step median_s peak_MB x_check
printf '%-8s %9.3f %10d %8s\n' check "$check" $((check_rss / 1024)) 1.00
printf '%-8s %9.3f %10d %8.2f\n' export "$export_t" $((export_rss / 1024)) "$(awk -v a="$export_t" -v b="$check" 'BEGIN {print a / b}')"
printf '%-8s %9.3f %10d %8.2f\n' import "$import_t" $((import_rss / 1024)) "$(awk -v a="$import_t" -v b="$check" 'BEGIN {print a / b}')"
printf 'imported catalog has the same findings: %s\n' "$same"
