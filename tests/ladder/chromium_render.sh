#!/usr/bin/env bash
# Headless Chromium renders the HTML report and a ladder SVG: the DOM holds the case rows and
# the summary, and each screenshot carries far more than a blank page's. Exit 77 (ctest SKIP)
# when chromium is not installed (Debian package `chromium`).
# usage: chromium_render.sh SMCSIM CATALOGUE WORKDIR
set -u
smcsim=$1 cat=$2 work=$3
browser=$(command -v chromium || command -v chromium-browser || true)
[ -n "$browser" ] || { echo "chromium not installed: skipped"; exit 77; }
rm -rf "$work" && mkdir -p "$work"
fail() { echo "FAIL: $*"; exit 1; }
chrome() {
  timeout 90 "$browser" --headless --disable-gpu --no-sandbox --no-first-run --disable-extensions \
    --user-data-dir="$work/profile" --hide-scrollbars "$@" 2>>"$work/chromium.log"
}
size() { stat -c %s "$1" 2>/dev/null || echo 0; }

"$smcsim" conform --catalogue "$cat" --case decline/0x03030008-no-ueid --case success/smcr-v2 \
  --case fallback/0x03010000-peer-no-smc --format html --out "$work/html" >"$work/conform.out" 2>&1
[ $? -le 1 ] || fail "conform: $(cat "$work/conform.out")"
index="file://$work/html/index.html"
svg="file://$work/html/ladders/decline_0x03030008-no-ueid.svg"

chrome --dump-dom "$index" >"$work/dom.html" || fail "chromium --dump-dom failed: $(tail -5 "$work/chromium.log")"
rows=$(grep -o '<tr class="case ' "$work/dom.html" | wc -l)
[ "$rows" -eq 3 ] || fail "rendered DOM has $rows case rows, want 3"
grep -Eq '[0-9]+ passed, [0-9]+ failed' "$work/dom.html" || fail "rendered DOM lacks the summary"

printf '<!DOCTYPE html>\n<html><head><meta charset="utf-8"/><title>blank</title></head><body></body></html>\n' >"$work/blank.html"
chrome --window-size=1280,900 --screenshot="$work/blank.png" "file://$work/blank.html" >/dev/null || fail "blank screenshot"
chrome --window-size=1280,900 --screenshot="$work/index.png" "$index" >/dev/null || fail "index screenshot"
chrome --window-size=1280,900 --screenshot="$work/ladder.png" "$svg" >/dev/null || fail "ladder screenshot"
blank=$(size "$work/blank.png") index_png=$(size "$work/index.png") ladder_png=$(size "$work/ladder.png")
echo "screenshot bytes: blank $blank, index.html $index_png, ladder $ladder_png"
[ "$(head -c 4 "$work/index.png" | tail -c 3)" = "PNG" ] || fail "index.png is not a PNG"
[ "$index_png" -gt $((blank * 4 + 4096)) ] || fail "index.html screenshot looks blank"
[ "$ladder_png" -gt $((blank * 4 + 4096)) ] || fail "ladder screenshot looks blank"
echo "ok: chromium rendered the report and the ladder"
