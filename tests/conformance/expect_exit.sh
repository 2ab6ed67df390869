#!/bin/sh
# expect_exit.sh CODE PATTERN CMD...: runs CMD, passes when it exits with CODE and (if PATTERN
# is not empty) its stderr+stdout contains PATTERN (a fixed string).
code=$1; pattern=$2; shift 2
out=$("$@" 2>&1); rc=$?
printf '%s\n' "$out" | tail -5
if [ "$rc" -ne "$code" ]; then echo "exit code $rc, expected $code"; exit 1; fi
if [ -n "$pattern" ] && ! printf '%s\n' "$out" | grep -qF -- "$pattern"; then echo "output lacks: $pattern"; exit 1; fi
exit 0
