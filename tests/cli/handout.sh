#!/usr/bin/env bash
# handout.sh - the student handout (tools/handout.sh, `make handout`): unpacked in a
# temporary folder, the README's steps (make, make check) work there, make check
# scores 0 and exits non-zero, build/nnwb links, and no solution source is in it:
# no solutions/ folder, no mutant patch, and none of the solutions' distinctive lines
# (every line of solutions/*.c longer than 30 characters found in no other source file).
# Prints "ok - ..." / "not ok - ..."; exits non-zero if any failed.
set -u
unset MAKEFLAGS MFLAGS MAKELEVEL SAN OPT # the handout's own make must not see our BUILD= or SAN=
. "$(dirname "$0")/common.bash"
BUILD=${PLAIN_BUILD:-$BUILD} # the objects it ships are never sanitizer builds
scratch handout

if BUILD=$BUILD sh tools/handout.sh "$tmp/nnwb-student.tar.gz" >"$tmp/log" 2>&1; then
    ok "tools/handout.sh: $(tail -1 "$tmp/log")"
else
    not_ok "tools/handout.sh failed: $(cat "$tmp/log")"
    exit 1
fi
mkdir "$tmp/class"
tar -xzf "$tmp/nnwb-student.tar.gz" -C "$tmp/class"
h=$tmp/class/nnwb-student

# No solution source. The kernel is prebuilt without its vector helpers
# (lib/nn_simd.h, which no shipped file includes); its thread pool is source.
[ ! -e "$h/solutions" ] && [ ! -e "$h/tests/mutants" ] && [ ! -e "$h/lib/nn_kernel.c" ] &&
    [ -f "$h/prebuilt/lib/nn_kernel.o" ] && ok "no solutions/, tests/mutants/ or lib/nn_kernel.c (prebuilt)" ||
    not_ok "solutions/, tests/mutants/ or lib/nn_kernel.c shipped"
includers=$(grep -rl '#include "nn_simd.h"' "$h" 2>/dev/null)
[ ! -e "$h/lib/nn_simd.h" ] && [ -z "$includers" ] && [ -f "$h/lib/nn_pool.c" ] && [ -f "$h/lib/nn_pool.h" ] &&
    [ -f "$h/tests/unit/test_pool.c" ] && ok "no lib/nn_simd.h and nothing includes it; lib/nn_pool.c, .h and its test ship" ||
    not_ok "lib/nn_simd.h shipped or included (${includers:-none}), or lib/nn_pool or its test missing"
[ -f "$h/README.md" ] && [ -d "$h/chapters" ] && [ -d "$h/lib" ] && [ -d "$h/plots" ] && [ -d "$h/tests/check" ] &&
    [ "$(ls "$h"/prebuilt/ch*.o | wc -l)" = "$(grep -c '^CHAPTER(' chapters/chapters.def)" ] &&
    ok "README, chapters, lib, plots, tests and a prebuilt object per chapter" ||
    not_ok "the handout misses a part"
# A line is distinctive when no file outside solutions/, tests/mutants/ and the
# chapters' quotes (which the handout strips) has it.
others=$(git ls-files --cached --others --exclude-standard | grep -v -e '^solutions/' -e '^tests/mutants/' -e '^chapters/' -e '^tests/hostile/')
(cd . && cat $others 2>/dev/null) | sed 's/^[[:space:]]*//' | sort -u >"$tmp/elsewhere"
find "$h" -type f -exec grep -Ih '' {} + | sed 's/^[[:space:]]*//' | sort -u >"$tmp/handout-lines"
for s in solutions/ch*.c; do
    sed 's/^[[:space:]]*//' "$s" | grep -v -e '^/\*' -e '^\*' -e '^//' | awk 'length($0) > 30' | sort -u |
        comm -23 - "$tmp/elsewhere" >"$tmp/lines"
    n=$(wc -l <"$tmp/lines")
    hits=$(comm -12 "$tmp/lines" "$tmp/handout-lines")
    if [ -z "$hits" ]; then ok "none of the $n distinctive lines of $s is in the handout"
    else not_ok "lines of $s in the handout:"; echo "$hits" | head -3 | sed 's/^/    /'; fi
done
# A mutant's lines that are in no tracked file but the patches and solutions/ (a
# line such as "for (int i = 0; i < m; i++)" stands in the checks too, and says nothing).
grep -h '^[-+] ' tests/mutants/*.patch | sed 's/^[-+][[:space:]]*//' | awk 'length($0) > 30' | sort -u |
    comm -23 - "$tmp/elsewhere" >"$tmp/patch-lines"
hits=$(comm -12 "$tmp/patch-lines" "$tmp/handout-lines")
if [ -z "$hits" ]; then ok "none of the $(wc -l <"$tmp/patch-lines") distinctive lines of the mutant patches is in the handout"
else not_ok "lines of the mutant patches in the handout:"; echo "$hits" | head -3 | sed 's/^/    /'; fi

# The students' README: no instructors' section, no link to a file that is not there.
grep -q '## For instructors' "$h/README.md" && not_ok "the handout's README has the instructors' section" ||
    ok "the handout's README has no instructors' section"
missing=$(cd "$h" && grep -o '](\([^)#]*\)' README.md | sed 's/^](//' | grep -v '^http' | while read -r l; do [ -e "$l" ] || echo "$l"; done)
[ -z "$missing" ] && ok "every link of the handout's README leads to a file in it" || not_ok "links to absent files: $missing"
# The chapters: one note per chapter where its reference code was, in its language.
n_en=$(grep -c "reference code is in the instructor's edition" "$h/chapters/6-backprop/README.md")
n_zh=$(grep -c '参考代码只在教师版中' "$h/chapters/6-backprop/README.zh-CN.md")
[ "$n_en" = 1 ] && [ "$n_zh" = 1 ] && ok "chapter 6: one 'reference code removed' note, in English and in Chinese" ||
    not_ok "chapter 6: $n_en English and $n_zh Chinese notes"
# The stubs as committed.
if git rev-parse --verify -q HEAD >/dev/null 2>&1; then
    same=1
    for f in exercises/*.c; do git show "HEAD:$f" 2>/dev/null | cmp -s - "$h/$f" || same=0; done
    [ $same = 1 ] && ok "the handout's exercises/ are the committed stubs" || not_ok "exercises/ differ from the committed stubs"
fi

# The README's steps, in the unpacked folder.
if (cd "$h" && make -j2 >"$tmp/make.log" 2>&1); then ok "make builds the handout"
else not_ok "make fails in the handout: $(tail -5 "$tmp/make.log")"; fi
[ -x "$h/build/nnwb" ] && "$h/build/nnwb" --help >/dev/null && ok "build/nnwb links and runs" ||
    not_ok "build/nnwb is missing"
# The prebuilt kernel with the pool the handout compiled: their unit tests pass there.
for t in test_pool test_kernel; do
    r=$(cd "$h" && "build/unit/$t" 2>&1 | grep '^RESULT ')
    p=$(echo "$r" | sed -n 's/.* passed=\([0-9]*\) .*/\1/p'); n=$(echo "$r" | sed -n 's/.* total=\([0-9]*\) .*/\1/p')
    [ -n "$p" ] && [ "$p" = "$n" ] && [ "$n" -gt 0 ] && ok "build/unit/$t in the handout: $p/$n" ||
        not_ok "build/unit/$t in the handout: ${r:-no RESULT line}"
done
(cd "$h" && make check >"$tmp/check.log" 2>&1)
rc=$?
total=$(grep '^  total' "$tmp/check.log" | awk '{print $2}')
if [ "$rc" != 0 ] && [ "$total" = "0.00" ] && [ "$(grep -c '^Chapter [0-9]*:' "$tmp/check.log")" = "$(grep -c '^CHAPTER(' chapters/chapters.def)" ]; then
    ok "make check in the handout: total $total, exit status $rc"
else
    not_ok "make check in the handout: exit $rc, total '${total:-?}'"; tail -12 "$tmp/check.log" | sed 's/^/    /'
fi
# make mine in the handout: nnwb-mine from the student's stubs refuses to run them.
if (cd "$h" && make mine >"$tmp/mine.log" 2>&1) && [ -x "$h/build/nnwb-mine" ]; then
    ok "make mine builds build/nnwb-mine in the handout"
    msg=$(cd "$h" && build/nnwb-mine gradcheck 2>&1 >/dev/null); rc=$?
    [ $rc = 1 ] && [ "$(echo "$msg" | wc -l)" = 1 ] && echo "$msg" | grep -q "^nnwb-mine gradcheck: chapter 1 .*does not work yet" &&
        ok "nnwb-mine gradcheck on the stubs: refused in one line ($msg)" || not_ok "nnwb-mine gradcheck: exit $rc, $msg"
    first=$(cd "$h" && build/nnwb gradcheck | head -n 1)
    echo "$first" | grep -q "the reference chapters" && ok "build/nnwb gradcheck says it runs the reference" ||
        not_ok "build/nnwb gradcheck's first line: $first"
else
    not_ok "make mine fails in the handout: $(tail -5 "$tmp/mine.log")"
fi
msg=$(cd "$h" && make check IMPL=solutions 2>&1 >/dev/null)
[ "$(echo "$msg" | grep -c .)" -le 2 ] && echo "$msg" | grep -q "student handout" &&
    ok "make check IMPL=solutions in the handout: one clear line" || not_ok "make check IMPL=solutions: $msg"
msg=$(cd "$h" && make excerpts 2>&1 >/dev/null)
echo "$msg" | grep -q "student handout" && ok "make excerpts in the handout: one clear line" || not_ok "make excerpts: $msg"
exit $failed
