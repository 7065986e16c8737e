#!/usr/bin/env bash
# Benchmarks banshi on generated catalogs of 10,000 and 100,000 matters.
#
#   bench/run.sh                 # both sizes: 5 runs at 10k, 3 at 100k
#   SIZES="10000" bench/run.sh   # one size
#   BANSHI=/path/to/banshi bench/run.sh   # another build of banshi (e.g. an older commit)
#
# For each size it prints the median wall time and the largest peak RSS of
#   banshi check, banshi check --format json, banshi build, and rg -c '等|其他|其它|有关|相关'
# over the same files, all measured in the same run, then the ratio check/rg and the scaling
# exponent from the smallest to the largest size: log(t_large/t_small) / log(N_large/N_small),
# 1.0 being linear.
#
# Needs: bash 5 (EPOCHREALTIME), GNU time (/usr/bin/time), ripgrep (`apt install ripgrep` or
# `cargo install ripgrep`), and a release build (the script builds it). Catalogs are generated
# once into $BENCH_DIR (default: a folder under the system temp dir) and reused; their
# contents depend only on N and SEED. `build` writes into $OUT_DIR, on tmpfs (/dev/shm) when
# there is one, so disk write-back does not blur the figures. One warm-up run precedes the
# measured runs of each command (warm page cache, as the targets assume), and the catalog is
# read once more, untimed, before every measured run: on the VMs this was measured on, the
# kernel pages out file cache that has not been touched for a few seconds (DAMON `pageout`),
# and without this some runs read part of a 100,000-file catalog from disk again (`fincore`
# counted 7,221 of its files evicted after 40 s idle; such runs took twice as long, with three
# times the system time).
set -euo pipefail

cd "$(dirname "$0")/.."
SIZES=${SIZES:-"10000 100000"}
SEED=${SEED:-2026}
BENCH_DIR=${BENCH_DIR:-${TMPDIR:-/tmp}/banshi-bench}
if [[ -z ${OUT_DIR:-} ]]; then
    if [[ -d /dev/shm && -w /dev/shm ]]; then OUT_DIR=/dev/shm/banshi-bench-out; else OUT_DIR=$BENCH_DIR/out; fi
fi
TIME=/usr/bin/time
# shellcheck source=bench/lib.sh
source bench/lib.sh

for tool in "$TIME" rg; do
    command -v "$tool" >/dev/null || { echo "bench/run.sh: $tool is needed (see the header of this script)" >&2; exit 2; }
done

cargo build --release --quiet --example gen_catalog
if [[ -z ${BANSHI:-} ]]; then
    cargo build --release --quiet
    BANSHI=target/release/banshi
fi
GEN=target/release/examples/gen_catalog
# Older builds had no --quiet; output goes to /dev/null anyway.
QUIET=()
if "$BANSHI" check --help 2>/dev/null | grep -q -- --quiet; then QUIET=(--quiet); fi

# runs N CMD... -> prints "median_seconds max_rss_kb" after one warm-up run.
measure() {
    timed "$@"
    echo "$MEDIAN $RSS_KB"
}

declare -A WALL RSS
printf '%s\n' "banshi: $("$BANSHI" --version 2>/dev/null || echo "$BANSHI")" "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)" ""
printf '| N | command | median wall (s) | peak RSS (MiB) | runs |\n|---:|---|---:|---:|---:|\n'
for n in $SIZES; do
    dir=$BENCH_DIR/catalog-$n-$SEED
    if [[ ! -f $dir/banshi.yaml ]]; then
        rm -rf "$dir"
        "$GEN" "$dir" "$n" "$SEED" >/dev/null 2>&1 || { echo "bench/run.sh: gen_catalog failed" >&2; exit 2; }
    fi
    runs=5
    ((n >= 100000)) && runs=3
    out=$OUT_DIR/site-$n
    rm -rf "$out"
    # One parallel read of every file, a fraction of a second.
    warm() { rg -c -F '事' "$dir" >/dev/null 2>&1 || true; }
    TIMED_BEFORE=warm
    for cmd in check json build rg; do
        case $cmd in
            check) argv=("$BANSHI" check "$dir" "${QUIET[@]}") label="banshi check" ;;
            json) argv=("$BANSHI" check "$dir" --format json) label="banshi check --format json" ;;
            build) argv=("$BANSHI" build "$dir" --out "$out" "${QUIET[@]}") label="banshi build" ;;
            rg) argv=(rg -c '等|其他|其它|有关|相关' "$dir") label="rg -c '等\|其他\|其它\|有关\|相关'" ;;
        esac
        read -r wall rss < <(measure "$runs" "${argv[@]}")
        WALL[$n,$cmd]=$wall
        RSS[$n,$cmd]=$rss
        L=$label awk -v n="$n" -v w="$wall" -v r="$rss" -v k="$runs" \
            'BEGIN {printf "| %s | `%s` | %.3f | %.0f | %d |\n", n, ENVIRON["L"], w, r / 1024, k}'
    done
    rm -rf "$out"
done

echo
for n in $SIZES; do
    awk -v n="$n" -v c="${WALL[$n,check]}" -v r="${WALL[$n,rg]}" \
        'BEGIN {printf "N = %s: check / rg = %.1f x\n", n, (r > 0 ? c / r : 0)}'
done
read -r -a sizes <<<"$SIZES"
if ((${#sizes[@]} > 1)); then
    small=${sizes[0]}
    large=${sizes[${#sizes[@]} - 1]}
    for cmd in check json build rg; do
        awk -v a="${WALL[$small,$cmd]}" -v b="${WALL[$large,$cmd]}" -v ra="${RSS[$small,$cmd]}" \
            -v rb="${RSS[$large,$cmd]}" -v s="$small" -v l="$large" -v cmd="$cmd" \
            'BEGIN {k = log(l / s); printf "exponent %s -> %s, %-5s: time %.2f, memory %.2f\n", s, l, cmd, log(b / a) / k, log(rb / ra) / k}'
    done
fi
