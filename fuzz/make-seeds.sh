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
echo "$(ls "$out" | wc -l) seeds in $out"
