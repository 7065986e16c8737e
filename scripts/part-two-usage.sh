#!/usr/bin/env bash
# How many matters of a catalog use each construct of language Part two, and how many fields are
# still 待核 (the figures the README and catalogs/SOURCES.md quote for the shipped catalog).
# Usage: scripts/part-two-usage.sh [CATALOG]   (default: catalogs)
set -euo pipefail
dir="${1:-catalogs}"
printf '%-10s %6s %6s\n' 构造 出现 文件
for k in 办理情形 任选 办理流程 不计入时限 受理机构 决定机构 委托 权力来源 金额 减免 有效期 送达 告知承诺 延长 "法定 无" 后补时限 可选; do
  n=$(grep -rhoP "^\s*${k}( |$)" "$dir" --include="*.banshi" | wc -l || true)
  f=$(grep -rlP "^\s*${k}( |$)" "$dir" --include="*.banshi" | wc -l || true)
  printf '%-10s %6d %6d\n' "$k" "$n" "$f"
done
n=$(grep -rhoP '(^|\s)待核(\s|$)' "$dir" --include="*.banshi" | wc -l || true)
printf '%-10s %6d\n' 待核 "$n"
