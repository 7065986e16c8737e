# Shared by the benchmark scripts (sourced). Needs bash 5 (EPOCHREALTIME) and GNU time in $TIME.

# timed RUNS CMD...: one warm-up run, then RUNS measured runs of CMD. Sets MEDIAN (wall seconds,
# from bash's microsecond clock: GNU time's %e has 10 ms steps, too coarse for rg), RSS_KB (the
# largest peak RSS, from GNU time) and CODE (exit status of the last run). The last run's stdout
# goes to the file $TIMED_OUT when that is set. When $TIMED_BEFORE is set, that command runs,
# untimed, before every measured run.
timed() {
    local runs=$1 i t0 t1 r stats
    shift
    "$@" >/dev/null 2>&1 || true
    local times=()
    stats=$(mktemp)
    RSS_KB=0
    for ((i = 0; i < runs; i++)); do
        if [[ -n ${TIMED_BEFORE:-} ]]; then $TIMED_BEFORE; fi
        t0=$EPOCHREALTIME
        CODE=0
        "$TIME" -o "$stats" -f '%M' "$@" >"${TIMED_OUT:-/dev/null}" 2>/dev/null || CODE=$?
        t1=$EPOCHREALTIME
        times+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.4f", b - a}')")
        r=$(tail -n 1 "$stats")
        if ((r > RSS_KB)); then RSS_KB=$r; fi
    done
    rm -f "$stats"
    MEDIAN=$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}')
}
