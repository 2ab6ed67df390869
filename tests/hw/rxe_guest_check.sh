#!/bin/bash
# Runs hw_verbs_device_test against a real soft-RoCE device inside a qemu guest (no RDMA
# needed on the host). It reuses the kernel lab's guest: a kernel image and a base
# initramfs holding busybox, iproute2, libibverbs with the rxe provider and the rxe modules
# (scripts/lab/ builds them; kernel-lab.md). An overlay initramfs adds the test binary, the
# C++ runtime it needs and an /init that puts rxe0 on a veth and runs the test.
#
#   tests/hw/rxe_guest_check.sh KERNEL BASE_INITRD TEST_BINARY
# Exit status: the test's (0 = all passed), 2 = the guest printed no result.
set -euo pipefail
kernel=$1 base=$2 test_bin=$3
work=$(mktemp -d /tmp/smc-hw-guest.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/overlay/opt" "$work/overlay/lib/x86_64-linux-gnu"
cp "$test_bin" "$work/overlay/opt/hw_verbs_device_test"
# The libraries the base image may lack (it carries no C++ runtime).
for lib in $(ldd "$test_bin" | awk '$3 ~ /^\// {print $3}'); do
  case $(basename "$lib") in
    libstdc++*|libgcc_s*|libm.so*|libfmt*) cp -L "$lib" "$work/overlay/lib/x86_64-linux-gnu/" ;;
  esac
done
cat > "$work/overlay/init" <<'INIT'
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
for m in crc32_generic veth ib_uverbs rdma_rxe; do modprobe $m || echo "modprobe $m failed"; done
/usr/sbin/ip link set lo up
/usr/sbin/ip link add veth0 type veth peer name veth1
/usr/sbin/ip addr add 10.0.0.1/24 dev veth0
/usr/sbin/ip -6 addr add fd00::1/64 dev veth0 nodad
/usr/sbin/ip link set veth0 up
/usr/sbin/ip link set veth1 up
/usr/sbin/rdma link add rxe0 type rxe netdev veth0 || echo "rdma link add failed"
sleep 1
echo SMC-HW-BEGIN
SMC_HW_DEVICE=rxe0 SMC_HW_NETDEV=veth0 SMC_HW_IP=/usr/sbin/ip /opt/hw_verbs_device_test 2>&1
echo "SMC-HW-RC $?"
echo o > /proc/sysrq-trigger
sleep 5
INIT
chmod +x "$work/overlay/init"
(cd "$work/overlay" && find . | cpio -o -H newc 2>/dev/null | gzip -1 > "$work/overlay.cpio.gz")
cat "$base" "$work/overlay.cpio.gz" > "$work/initrd.gz"
timeout 300 qemu-system-x86_64 -accel tcg -cpu max -smp 2 -m 1024 -nodefaults -nographic -serial stdio \
  -nic none -kernel "$kernel" -initrd "$work/initrd.gz" -append "console=ttyS0 panic=-1 quiet" -no-reboot \
  > "$work/console.log" 2>&1 || true
sed -n '/SMC-HW-BEGIN/,/SMC-HW-RC/p' "$work/console.log" | sed 's/\x1b\[[0-9;]*m//g'
rc=$(sed -n 's/.*SMC-HW-RC \([0-9]*\).*/\1/p' "$work/console.log" | tail -1)
exit "${rc:-2}"
