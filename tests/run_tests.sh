#!/bin/sh
# run_tests.sh - `make test`: the project's own suite.
#   1. the reference solutions score full marks in every chapter;
#   2. every untouched stub compiles, links and scores 0, without breaking the run;
#   3. the library's unit tests (build/unit/*);
#   4. the command-line tests (tests/cli/*.sh);
#   5. every mutant in tests/mutants loses points in its own chapter only;
#   6. the chapters' code excerpts match the solutions they quote, and their
#      numbers and transcripts what the commands print (tests/excerpts.sh).
# Ends with the line "N passed, N failed" and exits non-zero on any failure.
set -u
BUILD=${BUILD:-build}
DATA_DIR=${DATA_DIR:-data}
PLAIN_BUILD=${PLAIN_BUILD:-$BUILD}
export BUILD DATA_DIR PLAIN_BUILD
passed=0
failed=0

pass() { passed=$((passed + 1)); echo "ok - $*"; }
fail() { failed=$((failed + 1)); echo "not ok - $*"; }

# A field of a harness RESULT line: field NAME LINE
field() { echo "$2" | tr ' ' '\n' | sed -n "s/^$1=//p"; }

# digits20 is built from MNIST (by tools/ensure_data.sh, before this script)
# into DATA_DIR or, when that is read-only, $BUILD/data.
NNWB_GEN_DIR=${NNWB_GEN_DIR:-$BUILD/data}
NNWB=${NNWB:-$BUILD/nnwb}
export NNWB_GEN_DIR NNWB

echo "# 1-2. reference solutions and untouched stubs, through the grader's judge (nnwb check)"
# A student handout has no solutions/ and its exercises/ are the student's
# work in progress: `make check` grades those; here we test the rest.
[ -d solutions ] || echo "student handout: no solutions/, so the reference and stub checks are left to make check"
if [ -d solutions ]; then
    for seed in 1 "$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')"; do
        out=$("$NNWB" check --impl solutions --seed "$seed" 2>&1)
        if echo "$out" | grep -q '^  FAIL' || ! echo "$out" | grep -q '^  total'; then
            fail "solutions, seed $seed: a check fails"; echo "$out" | grep -A1 '^  FAIL' | sed 's/^/    /'
        else
            pass "solutions, seed $seed: every check that ran passes ($(echo "$out" | grep '^  total' | sed 's/  */ /g'))"
        fi
    done
    out=$("$NNWB" check --impl exercises --seed 1 2>&1)
    total=$(echo "$out" | sed -n 's/^  total *\([0-9.]*\) \/.*/\1/p')
    if [ "$total" = "0.00" ] && ! echo "$out" | grep -q '^  ok '; then
        pass "stubs: every chapter scores 0, every check fails cleanly"
    else
        fail "stubs: expected 0 points, got ${total:-no table}"; echo "$out" | grep '^  ok ' | sed 's/^/    /'
    fi
    if echo "$out" | grep -A1 '^  FAIL' | grep -q 'is not written yet'; then
        pass "stubs: the failures say which function is not written yet"
    else
        fail "stubs: no failure says 'is not written yet'"
    fi
fi

echo "# 3. library unit tests"
for bin in "$BUILD"/unit/*; do
    [ -x "$bin" ] || continue
    out=$("$bin" 2>&1)
    r=$(echo "$out" | grep '^RESULT ' | tail -n 1)
    p=$(field passed "$r"); t=$(field total "$r")
    name=$(basename "$bin")
    if [ -n "$r" ] && [ "$p" = "$t" ]; then
        pass "unit $name ($p checks)"
    else
        fail "unit $name: ${p:-?}/${t:-?}"; echo "$out" | grep -A1 -E 'FAIL|skip' | sed 's/^/    /'
    fi
    echo "$out" | grep -A1 '^  skip' | sed 's/^/    /'
done

echo "# 4. command-line tests"
for t in tests/cli/*.sh; do
    [ -f "$t" ] || continue
    out=$(bash "$t" 2>&1); rc=$?
    echo "$out" | sed 's/^/    /'
    if [ $rc = 0 ]; then pass "cli $(basename "$t")"; else fail "cli $(basename "$t") (exit $rc)"; fi
done

echo "# 5. mutants"
if [ -x tests/run_mutants.sh ]; then
    out=$(sh tests/run_mutants.sh 2>&1); rc=$?
    echo "$out" | sed 's/^/    /'
    if [ $rc = 0 ]; then pass "every mutant caught in its own chapter"; else fail "mutants"; fi
fi

echo "# 6. excerpts, numbers and transcripts"
[ -f tests/excerpts.sh ] || echo "student handout: no tests/excerpts.sh, so the text's code and numbers are checked in the instructor's edition"
if [ -f tests/excerpts.sh ]; then
    out=$(sh tests/excerpts.sh 2>&1); rc=$?
    echo "$out" | sed 's/^/    /'
    if [ $rc = 0 ]; then pass "the chapters' code, numbers and transcripts match their sources"
    else fail "chapter excerpts, numbers or transcripts"; fi
fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
