#!/bin/sh
# run_mutants.sh - prove that the graded checks catch the mistakes students make.
#
# Each tests/mutants/NAME.patch is a reference solution with one classic
# mistake, with a header naming its chapter and a phrase the student's
# failure messages must contain (Expect:). For each mutant we apply the
# patch to a copy of the solution, build that chapter's graded binary with
# it (and the reference for every other chapter, as `make check` does), and
# require: it loses points in its chapter, and its messages contain the
# phrase. The other chapters' binaries do not contain the mutated file at
# all, so its mistake cannot cost points there; we check the patch touches
# exactly one file, the one of its chapter.
set -u
BUILD=${BUILD:-build}
MAKE=${MAKE:-make}
compile=$($MAKE -s --no-print-directory print-compile BUILD="$BUILD")
link=$($MAKE -s --no-print-directory print-link BUILD="$BUILD")
ld_cmd=${link% ::: *}
ld_libs=${link#* ::: }
work="$BUILD/mutants"
mkdir -p "$work"
caught=0
missed=0

for patch in tests/mutants/*.patch; do
    name=$(basename "$patch" .patch)
    ch=$(sed -n 's/^Chapter: //p' "$patch")
    file=$(sed -n 's/^File: //p' "$patch")
    expect=$(sed -n 's/^Expect: //p' "$patch")
    files=$(grep -c '^+++ ' "$patch")
    if [ "$files" != 1 ] || [ ! -f "$file" ] || ! echo "$file" | grep -q "/ch${ch}_"; then
        echo "not ok - $name: the patch must change exactly one file, solutions/ch${ch}_*.c"
        missed=$((missed + 1)); continue
    fi
    dir="$work/$name"
    rm -rf "$dir"; mkdir -p "$dir"
    src="$dir/$(basename "$file")"
    cp "$file" "$src"
    if ! patch -s "$src" "$patch" >"$dir/patch.log" 2>&1; then
        echo "not ok - $name: the patch no longer applies to $file (update tests/mutants/$name.patch)"
        missed=$((missed + 1)); continue
    fi
    others=$(ls "$BUILD"/solutions/ch*.o | grep -v "/ch${ch}_")
    if ! $compile -c "$src" -o "$dir/mutant.o" >"$dir/build.log" 2>&1 ||
       ! $ld_cmd "$BUILD/tests/check/ch${ch}_test.o" "$BUILD/tests/check/harness.o" "$dir/mutant.o" \
            $others "$BUILD/libnnwb.a" $ld_libs -o "$dir/ch$ch" >>"$dir/build.log" 2>&1; then
        echo "not ok - $name: does not build"; sed 's/^/    /' "$dir/build.log" | head -5
        missed=$((missed + 1)); continue
    fi
    "$dir/ch$ch" >"$dir/out.txt" 2>&1
    r=$(grep '^RESULT ' "$dir/out.txt" | tail -n 1)
    passed=$(echo "$r" | tr ' ' '\n' | sed -n 's/^passed=//p')
    total=$(echo "$r" | tr ' ' '\n' | sed -n 's/^total=//p')
    if [ -z "$r" ] || [ "$passed" = "$total" ]; then
        echo "not ok - $name: chapter $ch still scores ${passed:-?}/${total:-?}: the checks miss this mistake"
        missed=$((missed + 1))
    elif ! grep -F -q -- "$expect" "$dir/out.txt"; then
        echo "not ok - $name: caught ($passed/$total), but no message says \"$expect\":"
        grep -A1 FAIL "$dir/out.txt" | sed 's/^/    /' | head -6
        missed=$((missed + 1))
    else
        first=$(grep -A1 '^  FAIL' "$dir/out.txt" | sed -n 2p | sed 's/^ *//' | cut -c1-150)
        echo "ok - $name: chapter $ch $passed/$total; $first"
        caught=$((caught + 1))
    fi
done
echo "mutants: $caught caught, $missed missed"
[ "$missed" = 0 ]
