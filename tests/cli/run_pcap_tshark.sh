#!/usr/bin/env bash
# `smcsim run FILE --pcap F` writes what the hosts send, and Wireshark's own SMC dissector (an
# independent implementation) reads it: the SYN and SYN-ACK carry the SMC experimental option
# (ExID 0xe2d4c3d9, wire-format.md §1) and the CLC messages are a v2 Proposal, Accept and
# Confirm (§12 row 0a); a fallback case (row 41) shows its Decline. Skipped without tshark.
# usage: run_pcap_tshark.sh SMCSIM CATALOGUE WORKDIR
set -u
smcsim=$1 cat=$2 work=$3
command -v tshark >/dev/null || { echo "tshark not installed: skipped"; exit 77; }
rm -rf "$work" && mkdir -p "$work"
fail() { echo "FAIL: $*"; exit 1; }

"$smcsim" run "$cat/success/row-00a-smcr-v2.toml" --pcap "$work/a.pcap" >"$work/a.out" 2>&1 || fail "run row 0a: $(cat "$work/a.out")"
[ -s "$work/a.pcap" ] || fail "a.pcap not written"
syns=$(tshark -r "$work/a.pcap" -Y 'tcp.flags.syn==1 && tcp.options.experimental.exid == 0xe2d4' 2>/dev/null | wc -l)
[ "$syns" -eq 2 ] || fail "SYN and SYN-ACK with the SMC option: $syns, want 2"
clc=$(tshark -r "$work/a.pcap" -Y smc -T fields -e _ws.col.Info 2>/dev/null | grep -o 'SMC-Rv2-[A-Za-z]*' | tr '\n' ' ')
[ "$clc" = "SMC-Rv2-Proposal SMC-Rv2-Accept SMC-Rv2-Confirm " ] || fail "CLC messages: '$clc'"
"$smcsim" run "$cat/success/row-00a-smcr-v2.toml" --pcap "$work/b.pcap" >/dev/null 2>&1
cmp -s "$work/a.pcap" "$work/b.pcap" || fail "two runs wrote different captures"

"$smcsim" run "$cat/fallback/row-15-strip-syn.toml" --pcap "$work/s.pcap" >/dev/null 2>&1
[ -s "$work/s.pcap" ] || fail "s.pcap not written"
# The capture is taken where the client sends: its SYN still carries the option the middlebox strips.
n=$(tshark -r "$work/s.pcap" -Y smc 2>/dev/null | wc -l)
[ "$n" -eq 0 ] || fail "row 15 (fallback before CLC) shows $n CLC messages"

"$smcsim" run "$cat/decline/row-31-ueid-mismatch.toml" --pcap "$work/d.pcap" >/dev/null 2>&1
tshark -r "$work/d.pcap" -Y smc -T fields -e _ws.col.Info 2>/dev/null | grep -q 'Decline' || fail "row 31: no Decline in the capture"

"$smcsim" run "$cat/success/row-00a-smcr-v2.toml" --pcap "$work/no/such/dir/x.pcap" >/dev/null 2>"$work/err"
rc=$?
[ $rc -eq 2 ] || fail "unwritable --pcap: exit $rc, want 2"
echo "ok: run --pcap, read back by tshark"
