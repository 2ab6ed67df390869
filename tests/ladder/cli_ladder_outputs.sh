#!/usr/bin/env bash
# `smcsim run FILE --ladder F.svg` and `smcsim conform --format html --out DIR` write what
# docs/cli.md says, and their usage errors exit 2.
# usage: cli_ladder_outputs.sh SMCSIM CATALOGUE WORKDIR
set -u
smcsim=$1 cat=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
fail() { echo "FAIL: $*"; exit 1; }

# run --ladder: a standalone SVG holding the Decline's code (row-41: the server declines 0x03030008).
"$smcsim" run "$cat/decline/row-41-no-ueid.toml" --ladder "$work/run.svg" >"$work/run.out" 2>&1 ||
  fail "run exited $?: $(cat "$work/run.out")"
[ -s "$work/run.svg" ] || fail "run.svg not written"
[ "$(head -c 5 "$work/run.svg")" = "<?xml" ] || fail "run.svg does not start with an XML declaration"
grep -q '<svg xmlns="http://www.w3.org/2000/svg" version="1.1"' "$work/run.svg" || fail "no SVG 1.1 root"
grep -q '0x03030008' "$work/run.svg" || fail "run.svg lacks the Decline code 0x03030008"
grep -q 'class="msg msg-clc' "$work/run.svg" || fail "run.svg has no CLC arrow"
"$smcsim" run "$cat/decline/row-41-no-ueid.toml" --ladder "$work/run2.svg" >/dev/null 2>&1
cmp -s "$work/run.svg" "$work/run2.svg" || fail "two runs drew different bytes"

"$smcsim" run "$cat/decline/row-41-no-ueid.toml" --ladder "$work/no/such/dir/x.svg" >/dev/null 2>"$work/err"
rc=$?
[ $rc -eq 2 ] || fail "unwritable --ladder: exit $rc, want 2"
grep -q "cannot write" "$work/err" || fail "unwritable --ladder: $(cat "$work/err")"

# conform --format html: index.html with one row per case and the summary, one SVG per case.
"$smcsim" conform --catalogue "$cat" --case decline/0x03030008-no-ueid --case success/smcr-v2 \
  --case fallback/0x03010000-peer-no-smc --format html --out "$work/html" >"$work/conform.out" 2>&1
rc=$?
[ $rc -le 1 ] || fail "conform exited $rc: $(cat "$work/conform.out")"
[ -f "$work/html/index.html" ] || fail "no index.html"
rows=$(grep -o '<tr class="case ' "$work/html/index.html" | wc -l)
[ "$rows" -eq 3 ] || fail "index.html has $rows case rows, want 3"
grep -Eq '<p class="summary" id="summary">[0-9]+ passed, [0-9]+ failed' "$work/html/index.html" || fail "no summary line"
svgs=$(ls "$work/html/ladders/"*.svg | wc -l)
[ "$svgs" -eq 3 ] || fail "$svgs ladder files, want 3"
[ -f "$work/html/ladders/decline_0x03030008-no-ueid.svg" ] || fail "ladder file name of decline/0x03030008-no-ueid"

"$smcsim" conform --catalogue "$cat" --format html >/dev/null 2>"$work/err"
rc=$?
[ $rc -eq 2 ] || fail "--format html without --out: exit $rc, want 2"
echo "ok: run --ladder and conform --format html"
