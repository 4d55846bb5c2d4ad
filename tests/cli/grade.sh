#!/usr/bin/env bash
# grade.sh - `nnwb grade` on a class of hostile submissions (tests/hostile/*): each
# must get the right score (0 for the chapter it attacks, full marks for the intact
# chapters), the run must finish within its limits, and nothing outside the grader's
# scratch folder may change (a canary file, the repository's files, /tmp). Then the
# run is resumed (nothing graded twice) and partly redone. --timeout 5, not less: the
# fork bomb and the endless loop hold both cores while the other job grades intact
# chapters, whose checks must not time out.
#
# Hostile submissions are built here: a copy of solutions/*.c with one chapter's file
# replaced by tests/hostile/NAME/exercises/chN_*.c, so no solution text is duplicated.
# Prints "ok - ..." / "not ok - ..." and exits non-zero if any failed.
# Environment: BUILD (default build), DATA_DIR and NNWB_GEN_DIR (optional), and
# PLAIN_BUILD: under `make sanitize` the grader under test is $BUILD/nnwb (with
# ASan), while the objects it compiles students' code against come from the plain
# build in PLAIN_BUILD (ASan cannot run under the sandbox's RLIMIT_AS).
set -u
unset MAKEFLAGS MFLAGS MAKELEVEL SAN OPT # the grader's own `make print-compile` must not see SAN=
. "$(dirname "$0")/common.bash"
export BUILD=${PLAIN_BUILD:-$BUILD}
REPO=$(pwd)

if [ ! -x "$NNWB" ] || [ ! -d solutions ]; then
    not_ok "needs $NNWB and solutions/ (run from the workbook's folder after make)"
    exit 1
fi
if ! "$NNWB" grade --help >/dev/null 2>&1; then
    not_ok "$NNWB has no grade command"
    exit 1
fi

scratch grade
mkdir "$tmp/empty"
if "$NNWB" grade "$tmp/empty" -o "$tmp/probe" 2>&1 | grep -q "cannot create namespaces"; then
    echo "ok - # SKIP nnwb grade: this machine cannot create the sandbox's namespaces"
    exit 0
fi
rm -rf "$tmp/empty" "$tmp/probe"
chmod 755 "$tmp"
subs=$tmp/subs
out=$tmp/out
canary=$tmp/canary.txt
echo "the canary: no submission may change this file" >"$canary"
canary_sum=$(sha256sum <"$canary")
mkdir -p "$subs"

full="5.00,5.00,10.00,15.00,20.00,35.00,10.00,100.00"
no_ch2="5.00,0.00,10.00,15.00,20.00,35.00,10.00,95.00"
declare -A want

# A folder submission: the reference solutions, then the given hostile file.
solution_copy() { mkdir -p "$1/exercises" && cp solutions/ch*.c "$1/exercises/"; }
hostile() { # NAME: tests/hostile/NAME/exercises/chN_*.c replaces that chapter
    local name=$1 f
    solution_copy "$subs/$name"
    for f in tests/hostile/"$name"/exercises/*.c; do
        sed -e "s|@REPO@|$REPO|g" -e "s|@CANARY@|$canary|g" -e "s|@OUT@|$out|g" "$f" \
            >"$subs/$name/exercises/$(basename "$f")"
    done
}

solution_copy "$subs/correct"
want[correct]=$full
mkdir -p "$subs/stubs" && cp -r exercises "$subs/stubs/"
want[stubs]="0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00"
for name in loop segfault abort stack-overflow malloc-10g fork-bomb exit-zero asm-exit fake-output \
    write-files read-solutions constructor interpose; do
    hostile "$name"
    want[$name]=$no_ch2
done
hostile compile-error
want[compile-error]="5.00,5.00,10.00,0.00,20.00,35.00,10.00,85.00"
hostile borrow-kernel
want[borrow-kernel]="5.00,5.00,10.00,15.00,0.00,35.00,10.00,80.00"
# 1.6 GB over 4 processes of 400 MB: refused only by a memory cgroup per
# sandbox, which nnwb grade makes as root where the hierarchy is writable.
hostile memory-split
if [ "$(id -u)" = 0 ] && [ -w /sys/fs/cgroup/memory ]; then
    want[memory-split]=$no_ch2
else
    want[memory-split]=$full
    echo "note - no writable memory cgroup here: memory-split is expected to pass (memory is limited per process)"
fi
# Missing and misnamed files: no chapter 4, chapter 5 under a wrong name.
solution_copy "$subs/missing-misnamed"
rm "$subs/missing-misnamed/exercises/"ch4_*.c
mv "$subs/missing-misnamed/exercises/"ch5_*.c "$subs/missing-misnamed/exercises/ch5_costs.c"
want[missing-misnamed]="5.00,5.00,10.00,0.00,0.00,35.00,10.00,65.00"
# A folder whose exercises/ is a symlink into the grader's tree: not followed.
mkdir -p "$subs/symlinked"
ln -s "$REPO/solutions" "$subs/symlinked/exercises"
want[symlinked]="0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00"

# Archives: one extra top-level folder, a .zip, ../ members, oversized, a bomb.
solution_copy "$tmp/a/alice-hw"
tar -czf "$subs/archive-tgz.tar.gz" -C "$tmp/a" alice-hw
want[archive-tgz]=$full
(cd "$tmp/a/alice-hw" && zip -q -r "$subs/archive-zip.zip" exercises)
want[archive-zip]=$full
python3 - "$tmp/a/alice-hw" "$subs/dotdot.tar.gz" "$subs/bomb.tar.gz" "$subs/oversized.tar.gz" <<'EOF'
import io, os, sys, tarfile
src, dotdot, bomb, oversized = sys.argv[1:]
def add_exercises(t):
    for f in sorted(os.listdir(os.path.join(src, "exercises"))):
        t.add(os.path.join(src, "exercises", f), arcname="exercises/" + f)
def add_bytes(t, name, data):
    info = tarfile.TarInfo(name); info.size = len(data); t.addfile(info, io.BytesIO(data))
with tarfile.open(dotdot, "w:gz") as t:
    add_bytes(t, "../../HACKED-by-dotdot", b"HACKED\n")
    add_bytes(t, "/tmp/HACKED-by-dotdot-abs", b"HACKED\n")
    add_exercises(t)
with tarfile.open(bomb, "w:gz") as t:          # 200 MB of zeros after the exercises
    add_exercises(t)
    add_bytes(t, "exercises/zeros.bin", bytes(200 << 20))
with tarfile.open(oversized, "w:gz") as t:     # 3 MB that does not compress
    add_exercises(t)
    add_bytes(t, "noise.bin", os.urandom(3 << 20))
EOF
want[dotdot]=$full
want[bomb]=$full
want[oversized]="0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00"

git_before=$(git status --porcelain 2>/dev/null | sort)
sum_before=$(cat tests/check/* solutions/* Makefile | cksum)
start=$(date +%s)
timeout 900 "$NNWB" grade "$subs" -o "$out" --jobs 2 --timeout 5 --max-archive 2 >"$tmp/run1.txt" 2>&1
rc=$?
secs=$(($(date +%s) - start))
sed 's/^/    /' "$tmp/run1.txt"
if [ $rc = 0 ]; then ok "grading ${#want[@]} submissions ended with status 0 in $secs s"
else not_ok "nnwb grade exited $rc after $secs s"; fi

for name in "${!want[@]}"; do
    got=$(grep "^$name," "$out/gradebook.csv" 2>/dev/null | cut -d, -f2-)
    if [ "$got" = "${want[$name]}" ]; then ok "$name: $got"
    else not_ok "$name: gradebook has '${got:-nothing}', expected '${want[$name]}'"; fi
    if [ -s "$out/feedback/$name.md" ] && python3 -c "
import json, sys; r = json.load(open(sys.argv[1])); t = r['tests']
assert all(k in r for k in ('score', 'execution_time', 'output', 'visibility', 'stdout_visibility'))
assert all(set(x) >= {'name', 'score', 'max_score', 'status', 'output', 'visibility'} for x in t)
assert abs(r['score'] - sum(x['score'] for x in t)) < 1e-3 and abs(sum(x['max_score'] for x in t) - 100) < 1e-3
assert abs(r['score'] - float(sys.argv[2])) < 1e-2" "$out/results/$name.json" "${want[$name]##*,}" 2>/dev/null; then :
    else not_ok "$name: feedback/$name.md or a consistent results/$name.json is missing"; fi
done

# The feedback names the cause.
expect_feedback() { # NAME PHRASE
    if grep -qF -- "$2" "$out/feedback/$1.md" 2>/dev/null; then ok "feedback for $1 says \"$2\""
    else not_ok "feedback for $1 does not say \"$2\""; fi
}
expect_feedback exit-zero "ended before it finished"
expect_feedback borrow-kernel "the library's ready-made cost and gradient"
expect_feedback asm-exit "ended before it finished"
expect_feedback constructor "constructor"
expect_feedback interpose "srunner_ntests_failed"
expect_feedback compile-error "did not compile"
expect_feedback missing-misnamed "ch5_costs.c"
expect_feedback oversized "over the limit"
expect_feedback loop "did not finish in time"
expect_feedback segfault "signal"

# Nothing outside the scratch folder changed.
[ "$(sha256sum <"$canary")" = "$canary_sum" ] && ok "the canary is unchanged" || not_ok "the canary changed"
for f in "$REPO/HACKED-by-write-files" /tmp/HACKED-by-write-files /tmp/HACKED-by-dotdot-abs \
    "$tmp/HACKED-by-dotdot" "$(dirname "$tmp")/HACKED-by-dotdot" "$out/HACKED-by-dotdot"; do
    [ -e "$f" ] && not_ok "$f was created" && rm -f "$f"
done
[ "$(cat tests/check/* solutions/* Makefile | cksum)" = "$sum_before" ] &&
    ok "tests/check, solutions and Makefile unchanged by the run" ||
    not_ok "the run changed tests/check, solutions or Makefile"
new=$(comm -13 <(echo "$git_before") <(git status --porcelain 2>/dev/null | sort) | grep -i 'hacked\|escape')
[ -z "$new" ] && ok "git status shows no file written by a submission" || not_ok "new files: $new"
left=$(ls -A "$tmp" | sort | tr '\n' ' ')
[ "$left" = "a canary.txt out run1.txt subs " ] && ok "nothing new beside the output folder" ||
    not_ok "the test folder now holds: $left"
[ ! -e "$out/.work" ] && ok "the scratch folders are removed" || not_ok "$out/.work is left behind"
if [ "$(id -u)" = 0 ]; then
    n=$(ps -e -o uid= | awk '$1 >= 1999900000 && $1 < 1999900064' | wc -l)
    [ "$n" = 0 ] && ok "no sandboxed process outlives the run" || not_ok "$n sandboxed processes still run"
fi

# Resume: nothing is graded again; then two results removed are graded again.
cp "$out/gradebook.csv" "$tmp/gradebook1.csv"
"$NNWB" grade "$subs" -o "$out" --jobs 2 --timeout 5 --max-archive 2 >"$tmp/run2.txt" 2>&1
if grep -q "^${#want[@]} already graded" "$tmp/run2.txt" && grep -q "^graded 0 in" "$tmp/run2.txt" &&
    cmp -s "$out/gradebook.csv" "$tmp/gradebook1.csv"; then ok "a second run grades nothing again"
else not_ok "the second run: $(grep -E 'already|^graded' "$tmp/run2.txt" | tr '\n' ' ')"; fi
rm -f "$out/results/correct.json" "$out/results/segfault.json"
echo partial >"$out/results/segfault.json.tmp.1" # a half-written result is not a result
"$NNWB" grade "$subs" -o "$out" --jobs 2 --timeout 5 --max-archive 2 >"$tmp/run3.txt" 2>&1
if grep -q "^graded 2 in" "$tmp/run3.txt" && cmp -s "$out/gradebook.csv" "$tmp/gradebook1.csv"; then
    ok "a resumed run grades only the two missing results, same gradebook"
else not_ok "the resumed run: $(grep -E 'already|^graded' "$tmp/run3.txt" | tr '\n' ' ')"; fi
exit $failed
