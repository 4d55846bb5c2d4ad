#!/bin/sh
# run_mutants.sh - prove that the graded checks catch the mistakes students make.
#
# Each tests/mutants/NAME.patch is a reference solution with one classic
# mistake, with a header naming its chapter and a phrase the first failure
# message must contain (Expect:). For each mutant, tests/mutant.sh applies the
# patch to a copy of solutions/ and grades that chapter with `nnwb check` (the
# grader's own build, policy and judge, with a fixed seed; the chapters quote
# these runs), and we require: it loses points, and the
# first failing check's message contains the phrase. Every other chapter of
# the worker is the reference, so a mutant cannot cost points elsewhere; we
# check that the patch touches exactly one file, the one of its chapter.
set -u
BUILD=${BUILD:-build}
NNWB=${NNWB:-$BUILD/nnwb}
export BUILD NNWB
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
    # tests/mutant.sh applies the patch to a copy and grades the chapter with the seed
    if ! sh tests/mutant.sh --fresh "$name" >/dev/null 2>"$work/$name.err"; then
        echo "not ok - $name: the patch no longer applies to $file (update tests/mutants/$name.patch)"
        missed=$((missed + 1)); continue
    fi
    dir="$work/$name"
    line=$(grep -E "^  $ch +[0-9]+ / [0-9]+" "$dir/out.txt" | tail -n 1)
    passed=$(echo "$line" | awk '{print $2}')
    total=$(echo "$line" | awk '{print $4}')
    first=$(grep -A1 '^  FAIL' "$dir/out.txt" | sed -n 2p | sed 's/^ *//')
    # a file refused before it runs has no FAIL line: its message follows the chapter's heading
    [ -n "$first" ] || first=$(sed -n '/^Chapter /{n;p;q;}' "$dir/out.txt" | sed 's/^ *//')
    if [ -z "$line" ] || [ "$passed" = "$total" ]; then
        echo "not ok - $name: chapter $ch still passes ${passed:-?}/${total:-?} checks: the checks miss this mistake"
        missed=$((missed + 1))
    elif ! printf '%s\n' "$first" | grep -F -q -- "$expect"; then
        echo "not ok - $name: caught ($passed/$total), but the first message does not say \"$expect\":"
        echo "    $first" | cut -c1-300
        missed=$((missed + 1))
    else
        echo "ok - $name: chapter $ch $passed/$total; $(printf '%s' "$first" | cut -c1-150)"
        caught=$((caught + 1))
    fi
done
echo "mutants: $caught caught, $missed missed"
[ "$missed" = 0 ]
