#!/usr/bin/env bash
# Renders a few published pages in headless Chromium, to look at them as a reader would:
# a screenshot at screen width and the A4 print as PDF, then the PDF pages as PNG.
#
#   scripts/render.sh [CATALOG] [OUT_DIR]        (defaults: catalogs, target/render)
#
# Needs Debian's chromium, fonts-noto-cjk and poppler-utils (pdftoppm):
#   apt-get install -y chromium fonts-noto-cjk poppler-utils
set -euo pipefail
cd "$(dirname "$0")/.."
catalog=${1:-catalogs}
dest=${2:-target/render}
site="$dest/site"
mkdir -p "$dest"
cargo run --release -q -- build "$catalog" --out "$site"

guide=$(ls "$site/guides/"*.html | head -n 1)
checklist=$(ls "$site/checklists/"*.html | head -n 1)
bundle=$(ls "$site/bundles/"*.html | head -n 1)
pages=("$guide" "$checklist" "$bundle" "$site/index.html")
[ $# -ge 3 ] && pages+=("${@:3}")

profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
chrome() {
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --hide-scrollbars "$@" 2>/dev/null
}
for page in "${pages[@]}"; do
  name=$(basename "$(dirname "$page")")-$(basename "$page" .html)
  url="file://$(realpath "$page")"
  chrome --window-size=1100,1600 --screenshot="$dest/$name.png" "$url"
  chrome --no-pdf-header-footer --print-to-pdf="$dest/$name.pdf" "$url"
  pdftoppm -r 60 -png "$dest/$name.pdf" "$dest/$name-page"
  echo "$name: $(pdfinfo "$dest/$name.pdf" 2>/dev/null | awk '/^Pages/ {print $2}') 页 → $dest/$name.png, $dest/$name.pdf"
done
