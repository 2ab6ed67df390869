#!/bin/bash
# Runs the built smcsim: `explain` exit codes (0 known, 1 unknown code, 2 bad input) and output.
set -u
smcsim="$1"
fail=0
check() {  # check <expected-exit> <grep-pattern or ""> <args...>
  local want="$1" pat="$2"; shift 2
  local out err rc
  out=$("$smcsim" "$@" 2>/tmp/smcsim-explain-err.$$); rc=$?
  err=$(cat /tmp/smcsim-explain-err.$$); rm -f /tmp/smcsim-explain-err.$$
  if [ "$rc" != "$want" ]; then echo "FAIL: smcsim $* exited $rc, want $want"; fail=1; fi
  if [ -n "$pat" ] && ! grep -q -- "$pat" <<<"$out"; then echo "FAIL: smcsim $*: no '$pat' in output"; fail=1; fi
  if [ "$want" = 2 ]; then
    if [ "$(wc -l <<<"$err")" != 1 ] || [ -z "$err" ]; then echo "FAIL: smcsim $*: want one stderr line, got '$err'"; fail=1; fi
    if [ -n "$out" ]; then echo "FAIL: smcsim $*: printed on stdout"; fail=1; fi
  fi
}
check 0 "SMC_CLC_DECL_NOV2EXT" explain 0x03030004
check 0 "decline/0x03030004-no-v2-ext" explain 0x03030004
check 0 "SMC_CLC_DECL_NOSMCDEV" explain "TCP 0x05000000/0x03030000"
check 0 "SMC_CLC_DECL_PEERDECL" explain TCP 0x05000000/0x03030000
check 0 "SMC_CLC_DECL_NOUEID" explain "TCP 0x3030008"
check 0 '"constant":"SMC_CLC_DECL_NOUEID"' explain --format json 0x03030008
check 1 "unknown" explain 0x12345678
check 1 "unknown" explain "TCP 0x05000000/0x0badc0de"
check 2 "" explain hello
check 2 "" explain "TCP 0xzz"
check 2 "" explain --format yaml 0x03030004
check 2 "" explain
exit $fail
