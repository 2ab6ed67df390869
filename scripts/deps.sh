#!/usr/bin/env bash
# Installs the Debian 12 packages smcsim builds and tests with, if any is missing.
set -euo pipefail
packages=(
  build-essential cmake ninja-build pkg-config git
  clang libclang-rt-14-dev
  libfmt-dev libcli11-dev libtoml11-dev doctest-dev librapidcheck-dev libboost-graph-dev
  libibverbs-dev libbenchmark-dev
  tshark
  qemu-system-x86 cpio xz-utils  # the kernel lab (hw/lab, scripts/lab): a qemu guest with soft-RoCE
  chromium                       # the HTML report's rendering check
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "smcsim: installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
