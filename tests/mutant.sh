#!/bin/sh
# mutant.sh - grade one mutant: print what `nnwb check` says of its chapter.
#
#   sh tests/mutant.sh [--fresh] NAME
#
# tests/mutants/NAME.patch is applied to a copy of its solutions/ file in
# $BUILD/mutants/NAME/, and that chapter is graded with a fixed seed (MUTANT_SEED,
# 20261130, the seed the chapters' "Common mistakes" quote). The output is kept in
# $BUILD/mutants/NAME/out.txt and reused while it is newer than the patch, the
# solution file and nnwb and has the same seed (--fresh grades again in any case),
# so tests/run_mutants.sh grades each mutant once and tests/excerpts.sh quotes it.
# Exit status: 0 when it printed a grade, 1 when the patch does not apply, 2 on
# bad usage.
set -u
fresh=0
[ "${1:-}" = --fresh ] && { fresh=1; shift; }
name=${1:?usage: sh tests/mutant.sh [--fresh] NAME}
BUILD=${BUILD:-build}
NNWB=${NNWB:-$BUILD/nnwb}
SEED=${MUTANT_SEED:-20261130}
patch=tests/mutants/$name.patch
[ -f "$patch" ] || { echo "mutant.sh: no $patch" >&2; exit 2; }
ch=$(sed -n 's/^Chapter: //p' "$patch")
file=$(sed -n 's/^File: //p' "$patch")
dir=$BUILD/mutants/$name
out=$dir/out.txt
if [ $fresh = 0 ] && [ -f "$out" ] && [ "$out" -nt "$patch" ] && [ "$out" -nt "$file" ] && [ "$out" -nt "$NNWB" ] &&
    head -n 1 "$out" | grep -q "with seed $SEED "; then
    cat "$out"
    exit 0
fi
rm -rf "$dir"; mkdir -p "$dir"
src=$dir/$(basename "$file")
cp "$file" "$src"
if ! patch -s "$src" "$patch" >"$dir/patch.log" 2>&1; then
    echo "mutant.sh: $patch no longer applies to $file" >&2
    exit 1
fi
DATA_DIR=${DATA_DIR:-data} NNWB_GEN_DIR=${NNWB_GEN_DIR:-$BUILD/data} "$NNWB" check --impl "$dir" --ch "$ch" --seed "$SEED" >"$out.tmp" 2>&1
mv "$out.tmp" "$out"
cat "$out"
