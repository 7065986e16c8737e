#!/usr/bin/env bash
# Hostile input, round two (issue 17): each attack of the review, with exit code, median wall
# time, peak RSS and bytes printed, plus what the attack was after (files destroyed, raw
# control bytes, published pages, live links). Also the scaling of one matter with 20,000 and
# 40,000 materials (and conditions, and suppressed materials): the ratio of the two times is
# 2.0 when the passes are linear.
#
#   bench/hostile2.sh                          # the release build of this tree (built here)
#   BANSHI=/path/to/old/banshi bench/hostile2.sh   # another build, e.g. before the fixes
#
# Needs bash 5, GNU time (/usr/bin/time), python3 (to parse JUnit XML) and coreutils'
# `timeout`. Every input is generated in a scratch folder under $BENCH_DIR (default: a folder
# under the system temp dir), from a copy of the shipped catalog; nothing outside it is
# touched, whatever the build under test does. A command still running after $LIMIT seconds
# (default 60) is killed and shows exit 124.
set -euo pipefail
cd "$(dirname "$0")/.."
TIME=/usr/bin/time
LIMIT=${LIMIT:-60}
# shellcheck source=bench/lib.sh
source bench/lib.sh
if [[ -z ${BANSHI:-} ]]; then
    cargo build --release --quiet
    BANSHI=$PWD/target/release/banshi
fi
BENCH_DIR=${BENCH_DIR:-${TMPDIR:-/tmp}/banshi-hostile2}
rm -rf "$BENCH_DIR"
mkdir -p "$BENCH_DIR"
W=$BENCH_DIR
TODAY=2026-06-01
CAT=$PWD/catalogs
base=tests/fixtures/_base
matter=tests/fixtures/ok_complete_matter/input.banshi

run() { # cmd...: under the time limit, GNU time's peak RSS; sets CODE, MEDIAN (1 run), RSS_KB, BYTES
    local stats t0 t1
    stats=$(mktemp)
    t0=$EPOCHREALTIME
    CODE=0
    "$TIME" -o "$stats" -f '%M' timeout -s KILL "$LIMIT" "$@" >"$W/.stdout" 2>"$W/.stderr" || CODE=$?
    t1=$EPOCHREALTIME
    MEDIAN=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f", b - a}')
    RSS_KB=$(grep -E '^[0-9]+$' "$stats" | tail -n 1 || echo 0)
    BYTES=$(($(wc -c <"$W/.stdout") + $(wc -c <"$W/.stderr")))
    rm -f "$stats"
}
row() { # what result
    printf '| %s | %s | %s | %s | %s | %s |\n' "$1" "$CODE" "$MEDIAN" "$((${RSS_KB:-0} / 1024))" "$BYTES" "$2"
}
fresh() { rm -rf "$1" && mkdir -p "$1" && cp -r "$CAT"/. "$1"/; }
small() { rm -rf "$1" && mkdir -p "$1" && cp -r "$base"/. "$1"/ && cp "$matter" "$1"/input.banshi; }
intact() { # copy original: "kept" when the copy still equals the original
    if diff -r "$2" "$1" >/dev/null 2>&1; then echo kept; else echo DESTROYED; fi
}

echo "banshi: $("$BANSHI" --version)   machine: $(nproc) cores   limit: ${LIMIT} s"
echo
echo "| attack | exit | wall (s) | peak RSS (MiB) | bytes printed | result |"
echo "|---|---:|---:|---:|---:|---|"

# 1. --out pointing at the catalog, its parent, the current folder and another folder.
fresh "$W/c1/catalogs"
run "$BANSHI" build "$W/c1/catalogs" --out "$W/c1/catalogs" --today "$TODAY"
row '`build catalogs --out catalogs`' "catalog $(intact "$W/c1/catalogs" "$CAT")"
fresh "$W/c2/catalogs"
echo keep >"$W/c2/notes.txt"
run "$BANSHI" build "$W/c2/catalogs" --out "$W/c2" --today "$TODAY"
row '`--out` = the catalog'"'"'s parent' "catalog $(intact "$W/c2/catalogs" "$CAT"), other file $([[ -f $W/c2/notes.txt ]] && echo kept || echo DESTROYED)"
fresh "$W/c3/catalogs"
mkdir -p "$W/c3/work" && echo keep >"$W/c3/work/notes.txt"
pushd "$W/c3/work" >/dev/null
run "$BANSHI" build "$W/c3/catalogs" --out . --today "$TODAY"
popd >/dev/null
row '`--out .` in a folder with other files' "other file $([[ -f $W/c3/work/notes.txt ]] && echo kept || echo DESTROYED)"
fresh "$W/c4/catalogs"
mkdir -p "$W/c4/docs" && echo keep >"$W/c4/docs/手册.md"
run "$BANSHI" build "$W/c4/catalogs" --out "$W/c4/docs" --today "$TODAY"
row '`--out docs` (a folder banshi did not make)' "docs $([[ -f $W/c4/docs/手册.md ]] && echo kept || echo DESTROYED)"

# 2. A registry nested 4,500 levels in block style (about 10 KB): `- - - … x`.
fresh "$W/yaml"
{
    for ((i = 0; i < 4500; i++)); do printf -- '- '; done
    printf 'x\n'
} >"$W/yaml/registry/evidence.yaml"
run "$BANSHI" check "$W/yaml" --today "$TODAY"
row 'registry nested 4,500 levels (block)' "$(grep -c 'invalid-registry' "$W/.stdout" || true) invalid-registry"

# 3. 256 KB of a letter and a zero-width space in one string.
small "$W/inv"
python3 - "$W/inv/input.banshi" <<'EOF'
import sys
p = sys.argv[1]
s = open(p, encoding='utf-8').read()
open(p, 'w', encoding='utf-8').write(s.replace('"最低生活保障申请书"', '"' + 'a\u200b' * 65536 + '"'))
EOF
in_bytes=$(wc -c <"$W/inv/input.banshi")
run "$BANSHI" check "$W/inv" --today "$TODAY"
row '256 KB of `a` + U+200B pairs' "$(awk -v o="$BYTES" -v i="$in_bytes" 'BEGIN {printf "%.2f× the input", o / i}')"
run "$BANSHI" check "$W/inv" --today "$TODAY" --format json
row '… `--format json`' "$(grep -c '"code"' "$W/.stdout" || true) findings"

# 4. One matter with N materials (empty), N conditions, N suppressed materials.
materials() { # dir n kind
    small "$1"
    {
        case $3 in
        conditions)
            sed -n '1,12p' "$matter"
            printf '  受理条件 {\n'
            for ((i = 0; i < $2; i++)); do printf '    "条件%d"\n' "$i"; done
            printf '  }\n'
            sed -n '17,$p' "$matter"
            ;;
        *)
            sed -n '1,17p' "$matter"
            for ((i = 0; i < $2; i++)); do
                if [[ $3 == suppressed ]]; then
                    printf '    c%d { 名称 "材料%d等" 豁免 vague-wording "沿用原文" }\n' "$i" "$i"
                else
                    printf '    c%d {}\n' "$i"
                fi
            done
            sed -n '41,$p' "$matter"
            ;;
        esac
    } >"$1/input.banshi"
    if [[ $3 == suppressed ]]; then
        sed -i 's/^  收费 不收费$/  收费 不收费\n  豁免 vague-wording "事项级豁免"/' "$1/input.banshi"
    fi
}
label() {
    case $1 in
    empty) echo "empty materials" ;;
    conditions) echo "conditions" ;;
    suppressed) echo "materials, each with 等 and its own 豁免, and a matter-level 豁免" ;;
    esac
}
for kind in empty conditions suppressed; do
    for n in 20000 40000; do
        materials "$W/m-$kind-$n" "$n" "$kind"
        TIMED_OUT=$W/.stdout timed 5 "$BANSHI" check "$W/m-$kind-$n" --today "$TODAY" --format json
        BYTES=$(wc -c <"$W/.stdout")
        row "one matter, $n $(label "$kind")" "$(grep -c '"code"' "$W/.stdout" || true) findings"
        echo "$MEDIAN" >"$W/.t-$kind-$n"
    done
    ratio=$(awk -v a="$(cat "$W/.t-$kind-20000")" -v b="$(cat "$W/.t-$kind-40000")" 'BEGIN {printf "%.2f", b / a}')
    printf '| … 40,000 / 20,000 time ratio | | | | | **%s** (2.0 is linear) |\n' "$ratio"
done
unset TIMED_OUT

# 5. A spec file named with ESC, BEL, CR, LF and `::` (and a syntax error in it), each format.
small "$W/names"
name=$'bad\e[31m\a\r\n::x,y:%.banshi'
printf '事项 坏 {\n' >"$W/names/$name"
for format in human concise json sarif github junit; do
    run "$BANSHI" check "$W/names" --today "$TODAY" --format "$format"
    raw=$(cat "$W/.stdout" "$W/.stderr" | LC_ALL=C grep -c $'[\x1b\x07]' || true)
    extra=""
    if [[ $format == junit ]]; then
        if python3 -c 'import sys, xml.etree.ElementTree as E; E.parse(sys.argv[1])' "$W/.stdout" 2>/dev/null; then extra=", XML parses"; else extra=", XML does NOT parse"; fi
    fi
    if [[ $format == github ]]; then
        bad=$(LC_ALL=C grep -v -c -E '^::(error|warning|notice) [^:]*::' "$W/.stdout" || true)
        extra=", $bad lines that are not one workflow command"
    fi
    row "file name with ESC/BEL/CR/LF/\`::\`, \`$format\`" "$raw lines with raw ESC/BEL$extra"
done

# 6. Invisible characters written as a YAML escape in a department's name.
fresh "$W/esc"
python3 - "$W/esc/registry/departments.yaml" <<'EOF'
import sys, re
p = sys.argv[1]
s = open(p, encoding='utf-8').read()
s = re.sub(r'name: ("?)([^"\n]+)\1', lambda m: 'name: "\\u202e\\u200b' + m.group(2) + '"', s, count=1)
open(p, 'w', encoding='utf-8').write(s)
EOF
run "$BANSHI" check "$W/esc" --today "$TODAY" --format json
findings=$(grep -c '"invisible-character"' "$W/.stdout" || true)
rm -rf "$W/esc-out"
run "$BANSHI" build "$W/esc" --out "$W/esc-out" --today "$TODAY"
pages=$( (grep -rl $'\u202e' "$W/esc-out" 2>/dev/null || true) | wc -l)
row '`"\u202e\u200b"` as a YAML escape in a department name' "$findings invisible-character, $pages published pages with U+202E"

# 7. A dangling spec symlink, for every command.
fresh "$W/dangle"
ln -s "$W/nowhere.banshi" "$W/dangle/民政局/失效.banshi"
for cmd in check report graph fmt build; do
    case $cmd in
    build) run "$BANSHI" build "$W/dangle" --out "$W/dangle-out" --today "$TODAY" ;;
    fmt) run "$BANSHI" fmt --check "$W/dangle" ;;
    graph) run "$BANSHI" graph "$W/dangle" --today "$TODAY" ;;
    *) run "$BANSHI" "$cmd" "$W/dangle" --today "$TODAY" ;;
    esac
    row "dangling \`.banshi\` symlink, \`$cmd\`" "$(grep -c '失效' "$W/.stderr" "$W/.stdout" | awk -F: '{s += $2} END {print s + 0}') lines name it"
done

# 8. --baseline a named pipe.
mkfifo "$W/pipe"
run "$BANSHI" check "$CAT" --today "$TODAY" --baseline "$W/pipe"
row '`--baseline` a named pipe' "$([[ $CODE == 124 || $CODE == 137 ]] && echo "killed after ${LIMIT} s" || echo returned)"

# 9. 样表 "index.html".
fresh "$W/sample"
printf 'not the site\n' >"$W/sample/index.html"
sed -i '0,/样表 "[^"]*"/s//样表 "index.html"/' "$W/sample/民政局/临时救助.banshi"
rm -rf "$W/sample-out"
run "$BANSHI" build "$W/sample" --out "$W/sample-out" --today "$TODAY"
row '`样表 "index.html"`' "$(if grep -q 'not the site' "$W/sample-out/index.html" 2>/dev/null; then echo "site index REPLACED"; elif [[ -f $W/sample-out/index.html ]]; then echo "site index kept"; else echo "nothing published"; fi)"

# 10. A catalog template with a 10^10-iteration loop.
fresh "$W/tpl"
mkdir -p "$W/tpl/templates"
printf '{%% for i in range(100000) %%}{%% for j in range(100000) %%}{%% endfor %%}{%% endfor %%}\n' >"$W/tpl/templates/guide.md"
rm -rf "$W/tpl-out"
run "$BANSHI" build "$W/tpl" --out "$W/tpl-out" --today "$TODAY"
row 'catalog template with a 10¹⁰-iteration loop' "$(grep -c 'guide.md' "$W/.stderr" || true) lines name the template"

# 11. A duplicate key in banshi.yaml.
fresh "$W/dup"
printf 'name: 第二个名称\n' >>"$W/dup/banshi.yaml"
run "$BANSHI" check "$W/dup" --today "$TODAY" --format json
row 'duplicate key in `banshi.yaml`' "$(grep -c '"invalid-registry"' "$W/.stdout" || true) invalid-registry"

# 12. A matter name with a Markdown link to javascript:.
fresh "$W/md"
sed -i '0,/名称 "临时救助申请"/s//名称 "临时救助申请[点此](javascript:alert(1))"/' "$W/md/民政局/临时救助.banshi"
rm -rf "$W/md-out"
run "$BANSHI" build "$W/md" --out "$W/md-out" --today "$TODAY"
# A `]` escaped as `\]` ends no link text.
live=$( (grep -rlP '(?<!\\)\]\(javascript:' "$W/md-out" --include='*.md' 2>/dev/null || true) | wc -l)
row 'matter name `[点此](javascript:alert(1))`' "$live Markdown files with a live link"
