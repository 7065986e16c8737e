#!/usr/bin/env bash
# Hostile sizes (issue 8): how banshi copes with a 6 MB string, one 25 MB and one 50 MB file,
# 64 MiB of NUL bytes, 20,000 nested blocks and 100,000 files. Prints median wall time (3 runs
# after a warm-up), peak RSS, exit code and the number of findings for each, and the time ratio
# 50 MB / 25 MB (2.0 is linear).
#
#   bench/hostile.sh
#
# Needs what bench/run.sh needs (bash 5, GNU time) and a release build (built here). Inputs are
# generated under $BENCH_DIR (default: a folder under the system temp dir).
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH_DIR=${BENCH_DIR:-${TMPDIR:-/tmp}/banshi-hostile}
TIME=/usr/bin/time
# shellcheck source=bench/lib.sh
source bench/lib.sh
cargo build --release --quiet --example gen_catalog
cargo build --release --quiet
BANSHI=$PWD/target/release/banshi
GEN=$PWD/target/release/examples/gen_catalog
mkdir -p "$BENCH_DIR"
base=tests/fixtures/_base
matter=tests/fixtures/ok_complete_matter/input.banshi

fresh() { # dir: an empty catalog with the fixture registries
    rm -rf "$1"
    mkdir -p "$1"
    cp -r "$base"/. "$1"/
}

# A string of $2 bytes of ordinary Chinese text, with 等 after every $3 repetitions (0: none).
long_string() {
    local bytes=$1 every=$2 line=申请人应当如实填写家庭成员收入情况
    LC_ALL=C awk -v n="$bytes" -v every="$every" -v s="$line" 'BEGIN {
        out = ""; len = 0; i = 0
        while (len < n) { printf "%s", s; len += length(s); i++; if (every && i % every == 0) { printf "等材料，"; len += 12 } }
    }'
}

echo "generating inputs in $BENCH_DIR" >&2
fresh "$BENCH_DIR/string6"
{
    sed -n '1,14p' "$matter"
    printf '    "'
    long_string 6000000 0
    printf '"\n'
    sed -n '16,$p' "$matter"
} >"$BENCH_DIR/string6/input.banshi"
fresh "$BENCH_DIR/string6-vague"
{
    sed -n '1,14p' "$matter"
    printf '    "'
    long_string 6000000 20
    printf '"\n'
    sed -n '16,$p' "$matter"
} >"$BENCH_DIR/string6-vague/input.banshi"
# One file holding every matter of a generated catalog (unique ids and codes, so it is clean).
for size in 25 50; do
    dir=$BENCH_DIR/file$size
    if [[ ! -f $dir/all.banshi ]]; then
        n=$((size * 1000000 / 2000))
        rm -rf "$dir"
        "$GEN" "$dir" "$n" 2026 >/dev/null 2>&1
        find "$dir" -name '*.banshi' -not -path '*/一件事/*' -print0 | sort -z | xargs -0 cat >"$dir/all.tmp"
        find "$dir" -name '*.banshi' -not -path '*/一件事/*' -delete
        mv "$dir/all.tmp" "$dir/all.banshi"
    fi
done
# A file just under the size limit made of NUL bytes: one run of invisible characters.
fresh "$BENCH_DIR/nul64"
truncate -s 64M "$BENCH_DIR/nul64/nul.banshi"
fresh "$BENCH_DIR/nesting"
{
    printf '一件事 深层流程 {\n  名称 "深层流程"\n  牵头 民政局\n  流程 '
    for ((i = 0; i < 20000; i++)); do printf '并联 { '; done
    for ((i = 0; i < 20000; i++)); do printf '} '; done
    printf '\n}\n'
} >"$BENCH_DIR/nesting/deep.banshi"
files=$BENCH_DIR/files100k
[[ -f $files/banshi.yaml ]] || "$GEN" "$files" 100000 2026 >/dev/null 2>&1
# 10,000 matters in one 串联 and in one 并联 bundle (their order findings switched off, so the
# catalog can be published): per-bundle work must not grow with the square of the bundle.
bundle=$BENCH_DIR/bundle10k
if [[ ! -f $bundle/big.banshi ]]; then
    rm -rf "$bundle"
    "$GEN" "$bundle" 10000 2026 >/dev/null 2>&1
    printf 'rules:\n  dependency-order: off\n' >>"$bundle/banshi.yaml"
    ids=$(find "$bundle" -name '*.banshi' -not -path '*/一件事/*' -print0 | sort -z | xargs -0 cat |
        sed -n 's/^事项 \([^ ]*\) {$/    \1/p')
    for kind in 串联 并联; do
        printf '一件事 全部%s {\n  名称 "全部事项%s"\n  牵头 民政局\n  流程 %s {\n%s\n  }\n}\n' \
            "$kind" "$kind" "$kind" "$ids"
    done >"$bundle/big.banshi"
fi
OUT_DIR=${OUT_DIR:-$( [[ -d /dev/shm ]] && echo /dev/shm || echo "${TMPDIR:-/tmp}")/banshi-hostile-out}

measure() { # name dir [build]: `banshi check --format json`, or `banshi build` with "build"
    local findings
    TIMED_OUT=$(mktemp)
    if [[ ${3:-} == build ]]; then
        timed 3 "$BANSHI" build "$2" --out "$OUT_DIR" --today 2026-06-01
    else
        timed 3 "$BANSHI" check "$2" --format json --today 2026-06-01
    fi
    findings=$( (grep -o '"code":' "$TIMED_OUT" || true) | wc -l)
    printf '| %s | %s MB | %.3f | %.0f | %s | %s |\n' "$1" "$(du -sm --apparent-size "$2" | cut -f1)" "$MEDIAN" "$((RSS_KB / 1024))" "$CODE" "$findings"
    rm -f "$TIMED_OUT"
    unset TIMED_OUT
    echo "$MEDIAN" >"$BENCH_DIR/.last"
}

echo "banshi: $("$BANSHI" --version)   machine: $(nproc) cores"
echo
echo "| input | size | median wall (s) | peak RSS (MiB) | exit | findings |"
echo "|---|---:|---:|---:|---:|---:|"
measure "6 MB string" "$BENCH_DIR/string6"
measure "6 MB string, 等 every 1 KB" "$BENCH_DIR/string6-vague"
measure "one 25 MB file" "$BENCH_DIR/file25"
t25=$(cat "$BENCH_DIR/.last")
measure "one 50 MB file" "$BENCH_DIR/file50"
t50=$(cat "$BENCH_DIR/.last")
measure "64 MiB of NUL bytes" "$BENCH_DIR/nul64"
measure "20,000 nested 并联" "$BENCH_DIR/nesting"
measure "100,000 files" "$files"
measure "two bundles of 10,000 matters: check" "$bundle"
measure "two bundles of 10,000 matters: build" "$bundle" build
rm -rf "$OUT_DIR"
echo
awk -v a="$t25" -v b="$t50" 'BEGIN {printf "50 MB / 25 MB time ratio: %.2f (2.00 is linear)\n", b / a}'
