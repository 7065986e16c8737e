#!/usr/bin/env bash
# Prints the print figures of a site built with `banshi build --pdf`: per kind of page, how many
# PDF files, their page counts (min / median / max), whether every page is A4, the words that
# lie outside their page, the Type 3 fonts, and the CJK fonts embedded. The same checks as
# tests/pdf.rs, over every PDF of the site rather than a sample.
#
#   scripts/pdf-figures.sh SITE          (a folder written by `banshi build --pdf --out SITE`)
#
# Needs poppler-utils (pdfinfo, pdffonts, pdftotext).
set -euo pipefail
site=${1:?usage: scripts/pdf-figures.sh SITE}
for kind in guides checklists booklets; do
  shopt -s nullglob
  files=("$site/$kind"/*.pdf)
  [ ${#files[@]} -eq 0 ] && continue
  pages=() ; not_a4=0 ; outside=0 ; type3=0 ; cjk=()
  for f in "${files[@]}"; do
    n=$(pdfinfo "$f" | awk '/^Pages:/ {print $2}')
    pages+=("$n")
    not_a4=$((not_a4 + $(pdfinfo -f 1 -l "$n" "$f" | awk '/^Page.*size:/ { w=$4; h=$6; if (w < 594 || w > 596 || h < 841 || h > 843) c++ } END { print c+0 }')))
    outside=$((outside + $(pdftotext -bbox "$f" - | awk '
      /<page / { match($0, /width="[0-9.]+"/); W = substr($0, RSTART+7, RLENGTH-8) + 0
                 match($0, /height="[0-9.]+"/); H = substr($0, RSTART+8, RLENGTH-9) + 0 }
      /<word / { match($0, /xMin="[-0-9.]+"/); x0 = substr($0, RSTART+6, RLENGTH-7) + 0
                 match($0, /yMin="[-0-9.]+"/); y0 = substr($0, RSTART+6, RLENGTH-7) + 0
                 match($0, /xMax="[-0-9.]+"/); x1 = substr($0, RSTART+6, RLENGTH-7) + 0
                 match($0, /yMax="[-0-9.]+"/); y1 = substr($0, RSTART+6, RLENGTH-7) + 0
                 if (x0 < -0.5 || y0 < -0.5 || x1 > W + 0.5 || y1 > H + 0.5) c++ }
      END { print c+0 }')))
    type3=$((type3 + $(pdffonts "$f" | grep -c 'Type 3' || true)))
    while read -r font; do cjk+=("$font"); done < <(pdffonts "$f" | awk 'NR > 2 { sub(/^[A-Z]+\+/, "", $1); print $1 }')
  done
  sorted=$(printf '%s\n' "${pages[@]}" | sort -n)
  min=$(echo "$sorted" | head -n 1); max=$(echo "$sorted" | tail -n 1)
  median=$(echo "$sorted" | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
  fonts=$(printf '%s\n' "${cjk[@]}" | sort -u | paste -sd, -)
  echo "$kind: ${#files[@]} PDF, pages min/median/max $min/$median/$max, non-A4 pages $not_a4, words outside the page $outside, Type 3 fonts $type3, fonts $fonts"
done
