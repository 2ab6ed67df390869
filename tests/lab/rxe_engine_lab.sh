#!/usr/bin/env bash
# ctest `lab_rxe_engine` (label lab): the hw backend on real soft-RoCE inside the kernel
# lab's qemu guest (its kernel and base initramfs from scripts/lab/build-guest, cached):
#   (a) hw_verbs_device_test on rxe0 (loopback RC QP pair: SEND/RECV and RDMA WRITE of
#       1 MiB verified, WRITE with immediate, access error, flush, port down/up), and
#   (b) the engine end to end: `smcsim rxe` (or any program with its arguments) with the
#       client engine on rxe0 (veth0, 10.0.0.1) and the server engine on rxe1 (veth1,
#       10.0.0.2), both in the initial namespace, policy routing over the veth wire
#       (kernel-lab.md): SMC-R first contact, BYTES each way verified, close.
#
#   tests/lab/rxe_engine_lab.sh DEVICE_TEST ENGINE_PROGRAM OUT_DIR [BYTES]
#   ENGINE_PROGRAM is run as: ENGINE_PROGRAM rxe --client-dev rxe0 --server-dev rxe1 --bytes BYTES
#
# Exit: 0 both passed; 1 a test failed or the guest did not report; 77 (ctest skip) only when
# qemu/cpio are not installed or the guest cannot be built (no archive reachable).
# Watchdogs: each test in the guest under `timeout`, the whole guest under the host's
# timeout (420 s), power-off by sysrq (never blocks behind a hung task).
set -uo pipefail
dev_test=$1 engine=$2 out=$3 bytes=${4:-1048576}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
mkdir -p "$out"
for tool in qemu-system-x86_64 cpio gzip; do
  command -v "$tool" >/dev/null || { echo "SKIP: $tool is not installed (scripts/deps.sh installs it)"; exit 77; }
done
[ -x "$dev_test" ] && [ -x "$engine" ] || { echo "missing test binaries: $dev_test $engine"; exit 1; }

start=$(date +%s.%N)
if ! guest=$("$root/scripts/lab/build-guest" 2> "$out/build-guest.log"); then
  echo "SKIP: the lab guest cannot be built (see $out/build-guest.log)"; tail -n 5 "$out/build-guest.log"; exit 77
fi
eval "$(echo "$guest" | grep -E '^(KERNEL|INITRD)=' | sed 's/^/guest_/')"

work=$(mktemp -d "${TMPDIR:-/tmp}/smc-rxe-lab.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/overlay/opt" "$work/overlay/lib/x86_64-linux-gnu"
cp "$dev_test" "$work/overlay/opt/device_test"
cp "$engine" "$work/overlay/opt/engine"
strip "$work/overlay/opt/device_test" "$work/overlay/opt/engine" 2>/dev/null || true
# The base image has libc, libibverbs with the rxe provider and libnl, but no C++ runtime:
# add the libraries the two programs need that it may lack (as tests/hw/rxe_guest_check.sh).
for bin in "$dev_test" "$engine"; do
  for lib in $(ldd "$bin" | awk '$3 ~ /^\// {print $3}'); do
    case $(basename "$lib") in
      libstdc++*|libgcc_s*|libm.so*|libfmt*|libboost*|libicu*) cp -Ln "$lib" "$work/overlay/lib/x86_64-linux-gnu/" ;;
    esac
  done
done
cat > "$work/overlay/init" <<INIT
#!/bin/busybox sh
/bin/busybox mkdir -p /proc /sys /dev /run /tmp
/bin/busybox --install -s
export PATH=/usr/sbin:/bin:/sbin:/usr/bin
export LD_LIBRARY_PATH=/lib/x86_64-linux-gnu:/usr/lib/x86_64-linux-gnu
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev 2>/dev/null
echo 1 > /proc/sys/kernel/printk
echo /sbin/modprobe > /proc/sys/kernel/modprobe
for m in crc32_generic veth ib_uverbs rdma_rxe; do modprobe \$m || echo "modprobe \$m failed"; done
IP=/usr/sbin/ip
\$IP link set lo up
\$IP -batch - <<'BATCH' || echo "ip batch failed"
link add veth0 type veth peer name veth1
addr add 10.0.0.1/24 dev veth0
addr add 10.0.0.2/24 dev veth1
link set veth0 up
link set veth1 up
route add 10.0.0.2 dev veth0 src 10.0.0.1 table 100
route add 10.0.0.1 dev veth1 src 10.0.0.2 table 101
rule add pref 100 iif lo to 10.0.0.2 lookup 100
rule add pref 101 iif lo to 10.0.0.1 lookup 101
rule add pref 1000 lookup local
rule del pref 0
BATCH
for d in veth0 veth1 all default; do
  echo 1 > /proc/sys/net/ipv4/conf/\$d/accept_local
  echo 0 > /proc/sys/net/ipv4/conf/\$d/rp_filter
done
/usr/sbin/rdma link add rxe0 type rxe netdev veth0 || echo "rdma link add rxe0 failed"
/usr/sbin/rdma link add rxe1 type rxe netdev veth1 || echo "rdma link add rxe1 failed"
sleep 1
/usr/sbin/rdma link show
echo "SMC-RXE-ENGINE-BEGIN uptime=\$(cut -d' ' -f1 /proc/uptime)"
timeout 200 /opt/engine rxe --client-dev rxe0 --server-dev rxe1 --bytes $bytes --timeout 180 -v 2>&1
echo "SMC-RXE-ENGINE-RC \$? uptime=\$(cut -d' ' -f1 /proc/uptime)"
# Last: the device test takes veth0 down and up (which also flushes its routes).
echo "SMC-RXE-DEVICE-BEGIN"
SMC_HW_DEVICE=rxe0 SMC_HW_NETDEV=veth0 SMC_HW_IP=/usr/sbin/ip timeout 180 /opt/device_test 2>&1
echo "SMC-RXE-DEVICE-RC \$? uptime=\$(cut -d' ' -f1 /proc/uptime)"
sync
echo b > /proc/sysrq-trigger
sleep 5
INIT
chmod +x "$work/overlay/init"
(cd "$work/overlay" && find . | cpio -o -H newc --quiet | gzip -1) > "$work/overlay.cpio.gz"
cat "$guest_INITRD" "$work/overlay.cpio.gz" > "$work/initrd.gz"

console="$out/console.log"
timeout --kill-after=10 420 qemu-system-x86_64 -nodefaults -nic none -accel tcg -cpu max -smp 2 -m 1024 \
  -nographic -serial stdio -monitor none -no-reboot -kernel "$guest_KERNEL" -initrd "$work/initrd.gz" \
  -append "console=ttyS0 quiet loglevel=1 panic=-1 rdinit=/init" < /dev/null > "$console" 2>&1
qrc=$?
end=$(date +%s.%N)
tr -d '\r' < "$console" | sed 's/\x1b\[[0-9;]*m//g' > "$out/console.txt"
sed -n '/SMC-RXE-ENGINE-BEGIN/,/SMC-RXE-DEVICE-RC/p' "$out/console.txt"
erc=$(sed -n 's/^SMC-RXE-ENGINE-RC \([0-9]*\).*/\1/p' "$out/console.txt" | tail -n1)
drc=$(sed -n 's/^SMC-RXE-DEVICE-RC \([0-9]*\).*/\1/p' "$out/console.txt" | tail -n1)
printf 'lab_rxe_engine: engine rc=%s, device test rc=%s, qemu rc=%s, wall %.1f s (console: %s)\n' \
  "${erc:-none}" "${drc:-none}" "$qrc" "$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')" "$console"
[ "${erc:-x}" = 0 ] && [ "${drc:-x}" = 0 ] && exit 0
[ -n "$erc" ] && [ -n "$drc" ] || tail -n 30 "$out/console.txt"
exit 1
