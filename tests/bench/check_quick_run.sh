#!/usr/bin/env bash
# Smoke test of bench/run --quick (issue 7): no timing is asserted. It checks that one run
# measures every figure of the issue with the binaries of this build, that no figure is
# BROKEN (a measurement whose own check failed: handshakes not ending in SMC-R, corrupt
# data, a crashed probe; bench/run then exits 1), and that --json writes each figure.
set -euo pipefail
source_dir="$1"
build_dir="$2"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

"$source_dir/bench/run" --quick --no-build --build-dir "$build_dir" --json "$out/figures.json" | tee "$out/table.txt"

fail=0
for id in sim.events_per_s conform.catalogue_s world.handshakes_per_s world.events_per_s fuzz.scenarios_per_s \
          sim.timeout_speedup handshake.first_contact_per_s handshake.lgr_reuse_per_s \
          handshake.time_per_handshake_1 handshake.time_per_handshake_10000 handshake.growth_10k_over_1 \
          datapath.vs_memcpy_pct rdma.vs_memcpy_pct memory.total_10k lab.speedup; do
  if ! grep -q "\"id\": \"$id\"" "$out/figures.json"; then
    echo "missing figure $id in the JSON" >&2
    fail=1
  fi
done
if grep -q '"verdict": "BROKEN"' "$out/figures.json"; then
  echo "a figure is BROKEN" >&2
  fail=1
fi
# Under --quick the lab is skipped with a note, never run.
grep -q '"id": "lab.speedup".*"verdict": "skipped"' "$out/figures.json" || { echo "lab.speedup not skipped under --quick" >&2; fail=1; }
grep -q '^figure ' "$out/table.txt" || { echo "no table header" >&2; fail=1; }
exit $fail
