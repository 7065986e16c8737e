#!/usr/bin/env bash
# Regenerates the committed seed corpus of the `pipeline` target from the shipped catalog and the
# test fixtures. Each seed is one selector byte (see target() in fuzz_targets/pipeline.rs) followed
# by the file's bytes (top bit: also publish): 0 = spec file, 12..15 = departments, laws, evidence, banshi.yaml.
set -euo pipefail
cd "$(dirname "$0")/.."
out=fuzz/seeds/pipeline
rm -rf "$out"
mkdir -p "$out"
seed() { # selector file
    local tmp
    tmp=$(mktemp)
    printf "\\x$(printf %02x "$1")" >"$tmp"
    cat "$2" >>"$tmp"
    mv "$tmp" "$out/$(sha1sum <"$tmp" | cut -c1-16)"
}
# The shipped catalog's specs with the top bit set (publish them too), the fixtures without.
while IFS= read -r -d '' f; do seed 128 "$f"; done < <(find catalogs -name '*.banshi' -print0 | sort -z)
while IFS= read -r -d '' f; do seed 0 "$f"; done < <(find tests/fixtures tests/hostile -name '*.banshi' -print0 | sort -z)
for dir in catalogs tests/fixtures/_base; do
    seed 12 "$dir/registry/departments.yaml"
    seed 13 "$dir/registry/laws.yaml"
    seed 14 "$dir/registry/evidence.yaml"
    seed 15 "$dir/banshi.yaml"
done

# Structural YAML seeds: the shapes a hostile registry takes, which the real files never show.
gen() { # selector, content on standard input
    local tmp
    tmp=$(mktemp)
    printf "\\x$(printf %02x "$1")" >"$tmp"
    cat >>"$tmp"
    mv "$tmp" "$out/$(sha1sum <"$tmp" | cut -c1-16)"
}
rep() { # text count: the text repeated
    local i
    for ((i = 0; i < $2; i++)); do printf '%s' "$1"; done
}
DEP=12 LAW=13 EVI=14 CFG=15
# Nesting in every style, just under (100), at (101) and far over the limit, and past the
# scanner's own flow limit (256).
for n in 100 101 4500; do { rep '- ' $n; echo x; } | gen $DEP; done
for n in 100 101 256; do { rep '[' $n; rep ']' $n; echo; } | gen $LAW; done
for n in 100 101; do { rep '{a: ' $n; printf b; rep '}' $n; echo; } | gen $EVI; done
{ rep '- a:
' 1; for ((i = 1; i < 40; i++)); do rep '  ' $i; echo '- a:'; done; rep ' ' 82; rep '[{b: ' 12; printf c; rep '}]' 12; echo; } | gen $CFG
# Anchors and aliases: plain, merge key, a recursive-looking alias, billion laughs.
printf -- '- &d {id: 甲, name: 甲局, credit_code: "113204020141123452", level: 县级}\n- *d\n' | gen $DEP
printf -- 'base: &b {rules: {basis-order: off}}\nname: 目录\nregion: "320402"\noverrides:\n  - <<: *b\n    path: 民政局/\n' | gen $CFG
printf -- '&a [*a]\n' | gen $LAW
{
    echo '- id: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'
    for i in 1 2 3 4 5 6 7 8 9; do
        printf -- '- id: &a%d [' $i
        for j in 1 2 3 4 5 6 7 8; do printf '*a%d, ' $((i - 1)); done
        printf '*a%d]\n' $((i - 1))
    done
} | gen $EVI
# Escapes in double-quoted values: bidi and zero-width, ESC, NUL, tab, C1, line and paragraph
# separators, the largest code point, an invalid surrogate and an escaped line break. The top
# bit also publishes, so decoded values reach the emitters.
for esc in '\u202e\u200b' '\x1b[31m' '\0' '\t' '\N\L\P\_\e\a\b\v\f' '\U0010FFFF' '\ud800' '\uDFFF' '甲\
  乙' '\"\\\/'; do
    printf -- '- id: 民政局\n  name: "常州市%s民政局"\n  credit_code: "113204020141123452"\n  level: 县级\n' "$esc" | gen $((DEP | 128))
done
printf -- 'name: "目录\\u2066"\nregion: "\\x33\\u0032\\U00000030402"\n' | gen $CFG
# Duplicate keys at the top, in an entry and deeper; keys that differ only by quoting.
printf -- 'name: 甲\nregion: "320402"\nname: 乙\n' | gen $CFG
printf -- 'name: 甲\nregion: "320402"\nrules:\n  basis-order: off\n  basis-order: error\n' | gen $CFG
printf -- '- id: 民政局\n  name: 甲\n  "name": 乙\n  credit_code: "113204020141123452"\n  level: 县级\n' | gen $DEP
{ echo '- id: 甲'; for i in $(seq 1 40); do echo "  k$((i % 20)): v$i"; done; } | gen $LAW
# Several documents, directives and tags, complex keys, block scalars.
printf -- '%%YAML 1.2\n---\nname: 甲\nregion: "320402"\n...\n---\nname: 乙\n' | gen $CFG
printf -- '%%TAG !b! tag:banshi,2026:\n--- !b!list\n- !!map {id: !!str 民政局, name: !custom 甲, credit_code: !!binary "MTEz", level: 县级}\n' | gen $DEP
printf -- '? [a, b]\n: c\n? {x: y}\n: z\n' | gen $EVI
printf -- '- id: 法\n  rank: 法律\n  issuer: |\n    全国人民代表大会\n  effective: >-\n    2014-05-01\n' | gen $LAW
# Huge scalars: plain, double-quoted with escapes, one long key.
{ printf -- '- id: '; rep 甲 30000; echo; } | gen $DEP
{ printf -- '- id: "'; rep '\u200b' 15000; echo '"'; } | gen $DEP
{ rep k 100000; echo ': v'; } | gen $CFG
echo "$(ls "$out" | wc -l) seeds in $out"
