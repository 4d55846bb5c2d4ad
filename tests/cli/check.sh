#!/usr/bin/env bash
# check.sh - `nnwb check` (make check) as a student meets it: a crash names its
# line, SAN=1 quotes AddressSanitizer's finding, a seed repeats a run exactly,
# the compiler's warnings come first, and every check prints as it finishes.
# Prints "ok - ..." / "not ok - ..." and exits non-zero if any failed.
set -u
. "$(dirname "$0")/common.bash"
need_nnwb
if [ ! -d solutions ]; then
    echo "ok - # SKIP no solutions/ (a student handout)"
    exit 0
fi
export NNWB_KIT=${NNWB_KIT:-$BUILD/kit}
scratch check

# A NULL dereference: the check's message gives the file and line.
mkdir -p "$tmp/null"
cat >"$tmp/null/ch2_onehot.c" <<'C'
#include "workbook.h"

int nn_one_hot(nn_mat *Y, const int *y, nn_error *err)
{
    (void)Y, (void)err;
    int *p = 0;
    return y[0] + *p;
}
C
out=$("$NNWB" check --impl "$tmp/null" --ch 2 --seed 1 2>&1)
echo "$out" | grep -q "crashed: SIGSEGV.* at exercises/ch2_onehot.c:7 (in nn_one_hot)" &&
    ok "a NULL dereference: the message names exercises/ch2_onehot.c:7" ||
    not_ok "a NULL dereference: $(echo "$out" | grep -A1 FAIL | head -2)"

# A use after free under SAN=1: AddressSanitizer's finding, at the student's line.
mkdir -p "$tmp/uaf"
cp solutions/ch5_cost.c "$tmp/uaf/"
patch -s "$tmp/uaf/ch5_cost.c" tests/mutants/ch5-use-after-free.patch
out=$("$NNWB" check --impl "$tmp/uaf" --ch 5 --seed 1 --san 2>&1)
echo "$out" | grep -q "the sanitizer stopped it: AddressSanitizer: heap-use-after-free.* at exercises/ch5_cost.c:[0-9]" &&
    ok "SAN=1: a use after free is AddressSanitizer's heap-use-after-free at its line" ||
    not_ok "SAN=1: $(echo "$out" | grep -A1 FAIL | head -2)"

# The same seed, the same run; the compiler's warnings before the checks.
mkdir -p "$tmp/warn"
{ cat solutions/ch2_onehot.c; echo 'static int __attribute__((used)) unused_helper(int x) { int y; return x; }'; } \
    >"$tmp/warn/ch2_onehot.c"
a=$("$NNWB" check --impl "$tmp/warn" --ch 2 --seed 77 2>&1)
b=$("$NNWB" check --impl "$tmp/warn" --ch 2 --seed 77 2>&1)
[ "$a" = "$b" ] && echo "$a" | grep -q "seed 77" && ok "--seed 77 twice: the same output, seed printed" ||
    not_ok "--seed 77 gave two different runs"
first=$(echo "$a" | grep -n -m1 "warning:" | cut -d: -f1)
check=$(echo "$a" | grep -n -m1 "^  ok\|^  FAIL" | cut -d: -f1)
[ -n "$first" ] && [ -n "$check" ] && [ "$first" -lt "$check" ] && echo "$a" | grep -q "exercises/ch2_onehot.c:[0-9]*:[0-9]*: warning" &&
    ok "the compiler's warnings about the student's file come before the checks" ||
    not_ok "warnings: $(echo "$a" | head -8)"
exit $failed
