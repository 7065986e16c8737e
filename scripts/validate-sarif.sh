#!/usr/bin/env bash
# Validates banshi's SARIF output with Microsoft's own SARIF validator (Sarif.Multitool, from
# the npm package @microsoft/sarif-multitool-linux) — a second opinion next to the schema
# validation in tests/ci.rs.
#
#   scripts/validate-sarif.sh [CATALOG]        (default: catalogs)
set -euo pipefail
cd "$(dirname "$0")/.."
catalog=${1:-catalogs}
work=target/sarif-validate
mkdir -p "$work"
if [ ! -x "$work/package/Sarif.Multitool" ]; then
  (cd "$work" && npm pack --silent @microsoft/sarif-multitool-linux@5.7.0 >/dev/null && tar xzf microsoft-sarif-multitool-linux-5.7.0.tgz)
  chmod u+x "$work/package/Sarif.Multitool"
fi
cargo run --release -q -- check "$catalog" --format sarif > "$work/banshi.sarif" || true
rm -f "$work/validation.sarif"
DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 "$work/package/Sarif.Multitool" validate \
  --output "$work/validation.sarif" "$work/banshi.sarif"
echo "validator findings: $(grep -c '"ruleId"' "$work/validation.sarif" || true) (details in $work/validation.sarif)"
