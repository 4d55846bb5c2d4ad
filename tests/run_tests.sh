#!/bin/sh
# run_tests.sh - `make test`: the project's own suite.
#   1. the reference solutions score full marks in every chapter;
#   2. every untouched stub compiles, links and scores 0, without breaking the run;
#   3. the library's unit tests (build/unit/*);
#   4. the command-line tests (tests/cli/*.sh);
#   5. every mutant in tests/mutants loses points in its own chapter only;
#   6. the chapters' code excerpts match the solutions they quote.
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

# digits20 is built from MNIST into $BUILD/data when DATA_DIR does not hold
# it (DATA_DIR may be read-only, as ../shared/data is in CI).
if [ ! -f "$DATA_DIR/digits20.mat" ] && [ -f "$DATA_DIR/mnist/t10k-images-idx3-ubyte.gz" ]; then
    mkdir -p "$BUILD/data"
    for set in "digits20 500 0" "digits20-test 400 500"; do
        set -- $set
        if [ ! -f "$BUILD/data/$1.mat" ]; then
            "$BUILD/nnwb" data mnist --images "$DATA_DIR/mnist/t10k-images-idx3-ubyte.gz" \
                --labels "$DATA_DIR/mnist/t10k-labels-idx1-ubyte.gz" --per-class "$2" --offset "$3" \
                -o "$BUILD/data/$1.mat" >/dev/null || fail "building $1.mat from MNIST"
        fi
    done
fi
NNWB_GEN_DIR=${NNWB_GEN_DIR:-$BUILD/data}
export NNWB_GEN_DIR
[ -f "$DATA_DIR/digits20.mat" ] || [ -f "$NNWB_GEN_DIR/digits20.mat" ] ||
    echo "note: no digits20.mat and no MNIST in DATA_DIR=$DATA_DIR: the data checks are skipped"

echo "# 1-2. reference solutions and untouched stubs, chapter by chapter"
# A student handout has no solutions/ and its exercises/ are the student's
# work in progress: `make check` grades those; here we test the rest.
[ -d solutions ] || echo "student handout: no solutions/, so the reference and stub checks are left to make check"
[ -d solutions ] && for ch in 1 2 3 4 5 6 7; do
    out=$("$BUILD/check/solutions/ch$ch" 2>&1)
    r=$(echo "$out" | grep '^RESULT ' | tail -n 1)
    p=$(field passed "$r"); t=$(field total "$r")
    if [ -n "$r" ] && [ "$p" = "$t" ] && [ "$t" -gt 0 ]; then
        pass "solutions: chapter $ch full marks ($p/$t checks)"
    else
        fail "solutions: chapter $ch: ${p:-?}/${t:-?} checks"; echo "$out" | grep -A1 FAIL | sed 's/^/    /'
    fi
    out=$("$BUILD/check/exercises/ch$ch" 2>&1)
    r=$(echo "$out" | grep '^RESULT ' | tail -n 1)
    p=$(field passed "$r"); t=$(field total "$r")
    if [ -n "$r" ] && [ "$p" = 0 ] && [ "$t" -gt 0 ]; then
        pass "stubs: chapter $ch scores 0 ($t checks fail cleanly)"
    else
        fail "stubs: chapter $ch: expected 0 passed, got ${p:-no result}/${t:-?}"
    fi
done

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

echo "# 6. excerpts"
if [ -f tests/excerpts.sh ]; then
    if out=$(sh tests/excerpts.sh 2>&1); then pass "chapter excerpts match the solutions"
    else echo "$out" | sed 's/^/    /'; fail "chapter excerpts"; fi
fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
