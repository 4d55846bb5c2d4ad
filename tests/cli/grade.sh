#!/usr/bin/env bash
# grade.sh - `nnwb grade` on a class of honest, stub, mutant and hostile submissions.
#
# Every submission is a copy of the reference solutions (made a little different, so
# that the same-code rule does not refuse it) with one chapter replaced: by a file of
# tests/hostile/NAME/exercises/, or by a mutant of tests/mutants/. Checked:
#   - each row of the gradebook: the attacked chapter's points exactly (0, the FIXED
#     share, or full), every other chapter exactly the honest submission's points;
#   - `nnwb check` on the same files with the same seed gives the same points per
#     chapter as `nnwb grade` (one score everywhere), for every hostile submission and
#     every mutant;
#   - honest submissions score exactly 100 (with the data) and stubs 0;
#   - every results/*.json parses and has Gradescope's fields; the feedback names the
#     cause; no host path or host file content reaches it;
#   - the canary file keeps its content, mode and owner; the repository is unchanged;
#     no sandboxed process outlives the run; nothing is left in the work folder;
#   - a second run grades nothing again, a resumed one only what is missing;
#   - two runs at the same time, one of them with CPU hogs and a fork bomb, do not
#     disturb each other; the per-student time budget holds a hog to its budget;
#   - two entries that are the same student stop the run before grading; a --data
#     folder that does not exist is an error.
# Prints "ok - ..." / "not ok - ..." and exits non-zero if any failed.
# Environment: BUILD, DATA_DIR, NNWB_GEN_DIR; under `make sanitize` PLAIN_BUILD and
# NNWB_KIT name the plain build whose kit the workers are linked from.
set -u
unset MAKEFLAGS MFLAGS MAKELEVEL SAN OPT # the grader's own `make print-compile` must not see SAN=
. "$(dirname "$0")/common.bash"
REPO=$(pwd)
export NNWB_KIT=${NNWB_KIT:-$BUILD/kit}
export BUILD=${PLAIN_BUILD:-$BUILD}

if [ ! -x "$NNWB" ] || [ ! -d solutions ]; then
    not_ok "needs $NNWB and solutions/ (run from the workbook's folder after make)"
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
chmod 640 "$canary"
canary_state() { echo "$(sha256sum <"$canary") $(stat -c '%a %u %g %h' "$canary")"; }
canary_before=$(canary_state)
mkdir -p "$subs"
SEED=424242
data_args=()
have_data=0
if [ -n "$(data_path ex4weights.mat)" ] && [ -n "$(data_path digits20.mat)" ]; then
    data_args=(--data "$(dirname "$(data_path ex4weights.mat)")")
    have_data=1
fi

hostile() { # NAME: the files of tests/hostile/NAME/exercises replace their chapters
    local name=$1 f
    honest_copy "$subs/$name"
    for f in tests/hostile/"$name"/exercises/*.c; do
        sed -e "s|@REPO@|$REPO|g" -e "s|@CANARY@|$canary|g" -e "s|@OUT@|$out|g" "$f" \
            >"$subs/$name/exercises/$(basename "$f")"
    done
}
chapter_of() { basename "$1" | sed 's/^ch\([0-9]*\)_.*/\1/'; }

# What each submission's attacked chapter must score: 0, "full", "fixed" (the FIXED
# share only) or "missing"; the other chapters score as the honest one.
declare -A target want_kind
honest_copy "$subs/honest"
mkdir -p "$subs/stubs" && cp -r exercises "$subs/stubs/"
for dir in tests/hostile/*/; do
    name=$(basename "$dir")
    hostile "$name"
    target[$name]=$(chapter_of "$(ls "$dir"exercises/*.c | head -n 1)")
    want_kind[$name]=0
done
for name in symlink-plant disk-filler; do want_kind[$name]=full; done
want_kind[hard-coded-goldens]=fixed
# symlink-plant also offers chapter 1 as a link to the canary: not taken.
rm "$subs/symlink-plant/exercises/ch1_data.c"
ln -s "$canary" "$subs/symlink-plant/exercises/ch1_data.c"
# Missing and misnamed: no chapter 4, chapter 5 under a name with a fence in it.
honest_copy "$subs/missing-misnamed"
rm "$subs/missing-misnamed/exercises/"ch4_*.c
mv "$subs/missing-misnamed/exercises/"ch5_*.c "$subs/missing-misnamed/exercises/ch5_\`\`\`costs.c"
# A folder whose exercises/ is a symlink into the grader's tree: not followed.
mkdir -p "$subs/symlinked"
ln -s "$REPO/solutions" "$subs/symlinked/exercises"
# 20,000 nested folders beside the exercises.
honest_copy "$subs/deep-tree"
python3 -c "
import os, sys
os.chdir(sys.argv[1])
for _ in range(20000):
    os.mkdir('d')
    os.chdir('d')" "$subs/deep-tree"
# Mutants: the reference with one mistake.
for patch in tests/mutants/*.patch; do
    name=mutant-$(basename "$patch" .patch)
    file=$(sed -n 's/^File: //p' "$patch")
    honest_copy "$subs/$name"
    cp "$file" "$subs/$name/exercises/$(basename "$file")"
    patch -s "$subs/$name/exercises/$(basename "$file")" "$patch" >/dev/null 2>&1 ||
        not_ok "$name does not apply"
done
# Archives: one extra top-level folder, a .zip, ../ members, oversized, a bomb.
honest_copy "$tmp/a/alice-hw"
tar -czf "$subs/archive-tgz.tar.gz" -C "$tmp/a" alice-hw
(cd "$tmp/a/alice-hw" && zip -q -r "$subs/archive-zip.zip" exercises)
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
# A hidden entry and a stray file: skipped, and listed in skipped.csv.
honest_copy "$subs/.hidden"
echo "not a submission" >"$subs/notes.txt"

git_before=$(git status --porcelain 2>/dev/null | sort)
sum_before=$(cat tests/check/* tools/grade/* solutions/* Makefile | cksum)
start=$(date +%s)
timeout 1500 "$NNWB" grade "$subs" -o "$out" --jobs 2 --seed $SEED --student-timeout 120 --max-archive 2 \
    "${data_args[@]}" >"$tmp/run1.txt" 2>&1
rc=$?
secs=$(($(date +%s) - start))
sed 's/^/    /' "$tmp/run1.txt" | grep -v '^    graded ' | head -60
n_subs=$(ls "$subs" | grep -vc '^notes.txt$')
if [ $rc = 0 ]; then ok "grading $n_subs submissions ended with status 0 in $secs s"
else not_ok "nnwb grade exited $rc after $secs s"; fi

last_col=$(($(echo $CHAPTERS | wc -w) + 2)) # the gradebook's total: student, the chapters, total
row() { grep "^$1," "$out/gradebook.csv" 2>/dev/null | cut -d, -f2-$last_col; }
zero=$(chapter_row 0.00)
points() { echo "$1" | cut -d, -f"$2"; } # ROW CHAPTER
honest=$(row honest)
if [ $have_data = 1 ]; then
    [ "$honest" = "$(full_row)" ] && ok "honest: 100 ($honest)" ||
        not_ok "honest: '$honest', expected full marks"
else
    echo "note - no data here: the data checks are withheld, honest scores $honest"
fi
[ "$(row stubs)" = "$zero" ] && ok "stubs: 0" || not_ok "stubs: '$(row stubs)'"
for name in archive-tgz archive-zip dotdot bomb deep-tree; do
    [ "$(row $name)" = "$honest" ] && ok "$name: as honest" || not_ok "$name: '$(row $name)', expected '$honest'"
done
[ "$(row oversized)" = "$zero" ] && ok "oversized: 0" ||
    not_ok "oversized: '$(row oversized)'"
[ "$(row symlinked)" = "$zero" ] && ok "symlinked: 0 (the link is not followed)" ||
    not_ok "symlinked: '$(row symlinked)'"

# A hostile or mutant row: its chapter as expected, the others as honest's.
fixed_share() { # CHAPTER: the FIXED checks' points, from the judge's own table (nnwb check --list)
    "$NNWB" check --list | awk -v c="$1" '$1 == c && $2 == "FIXED" { s += $3 } END { printf "%.2f", s }'
}
for name in "${!target[@]}"; do
    ch=${target[$name]}
    r=$(row "$name")
    bad=
    for c in $CHAPTERS; do
        [ "$c" = "$ch" ] && continue
        [ "$name" = symlink-plant ] && [ "$c" = 1 ] && continue
        [ "$(points "$r" $c)" = "$(points "$honest" $c)" ] || bad="$bad ch$c=$(points "$r" $c)"
    done
    got=$(points "$r" "$ch")
    case ${want_kind[$name]} in
        0) want=0.00 ;;
        full) want=$(points "$honest" "$ch") ;;
        fixed) want=$(fixed_share "$ch") ;;
    esac
    [ "$got" = "$want" ] || bad="$bad ch$ch=$got (expected $want)"
    [ -z "$bad" ] && ok "$name: chapter $ch $got, the others as honest" || not_ok "$name:$bad"
done
[ "$(points "$(row symlink-plant)" 1)" = 0.00 ] && ok "symlink-plant: chapter 1 (a link) not taken" ||
    not_ok "symlink-plant: chapter 1 scored $(points "$(row symlink-plant)" 1)"
r=$(row missing-misnamed)
[ "$(points "$r" 4)" = 0.00 ] && [ "$(points "$r" 5)" = 0.00 ] && ok "missing-misnamed: chapters 4 and 5 score 0" ||
    not_ok "missing-misnamed: '$r'"
for name in $(ls "$subs" | grep '^mutant-'); do
    ch=$(sed -n 's/^Chapter: //p' "tests/mutants/${name#mutant-}.patch")
    r=$(row "$name")
    if [ -n "$r" ] && [ "$(points "$r" "$ch")" != "$(points "$honest" "$ch")" ]; then ok "$name loses points in chapter $ch"
    else not_ok "$name: '$r'"; fi
done

# One score everywhere: nnwb check, same files, same seed, same points per chapter.
mismatch=0
compared=0
for name in $(ls "$subs" | grep -v -e '^stubs$' -e '^symlinked$' -e '^read-solutions$' -e '\.' -e '^deep-tree$'); do
    [ -d "$subs/$name/exercises" ] || continue
    ch=${target[$name]:-}
    [ -z "$ch" ] && case $name in mutant-*) ch=$(sed -n 's/^Chapter: //p' "tests/mutants/${name#mutant-}.patch") ;; esac
    [ -z "$ch" ] && ch=$(echo $CHAPTERS | tr " " ,)
    c_out=$(DATA_DIR="${DATA_DIR:-}" "$NNWB" check --impl "$subs/$name/exercises" --ch "$ch" --seed $SEED 2>/dev/null)
    r=$(row "$name")
    for c in ${ch//,/ }; do
        local_pts=$(echo "$c_out" | awk -v c="$c" '$1 == c && $3 == "/" { printf "%.2f", $5 }')
        compared=$((compared + 1))
        if [ "$local_pts" != "$(points "$r" "$c")" ]; then
            not_ok "$name chapter $c: make check gives $local_pts, nnwb grade $(points "$r" "$c")"
            mismatch=$((mismatch + 1))
        fi
    done
done
[ $mismatch = 0 ] && ok "make check and nnwb grade agree on all $compared chapters compared"

# Reports: valid JSON in Gradescope's format, causes named, no host content.
python3 - "$out" <<'EOF' && ok "every results/*.json is valid JSON in Gradescope's format" || not_ok "results JSON"
import json, os, sys
out = sys.argv[1]
for f in os.listdir(os.path.join(out, "results")):
    r = json.load(open(os.path.join(out, "results", f), encoding="utf-8"))
    assert all(k in r for k in ("score", "execution_time", "output", "visibility", "stdout_visibility")), f
    t = r["tests"]
    assert all(set(x) >= {"name", "number", "score", "max_score", "status", "output", "visibility"} for x in t), f
    assert all(x["status"] in ("passed", "failed") for x in t), f
    assert abs(r["score"] - sum(x["score"] for x in t)) < 1e-3, f
    assert abs(sum(x["max_score"] for x in t) - 100) < 1e-3, f
EOF
expect_feedback() { # NAME PHRASE
    if grep -qF -- "$2" "$out/feedback/$1.md" 2>/dev/null; then ok "feedback for $1 says \"$2\""
    else not_ok "feedback for $1 does not say \"$2\""; fi
}
expect_feedback exit-zero "instead of returning"
expect_feedback borrow-kernel "the library's ready-made cost and gradient"
expect_feedback asm-exit "inline assembly"
expect_feedback constructor "constructor"
expect_feedback interpose "srunner_ntests_failed"
expect_feedback compile-error "did not compile"
expect_feedback missing-misnamed "ch5_\`\`\`costs.c"
expect_feedback oversized "over the limit"
expect_feedback loop "did not finish in"
expect_feedback segfault "SIGSEGV"
expect_feedback segfault "ch2_onehot.c:"
expect_feedback abort "SIGABRT"
expect_feedback lto-section ".gnu.lto_"
expect_feedback incbin-prebuilt "inline assembly"
expect_feedback asm-macro "through a macro"
expect_feedback linemarker "directive"
expect_feedback trigraph-line "directive"
expect_feedback symver "symbol named"
expect_feedback redefine-extname "pragma"
expect_feedback include-host "includes 'passwd'"
expect_feedback fork-bomb "'fork'"
expect_feedback memory-split "wait.h"
if grep -rqE 'root:x:0|/usr/include|/work/main|'"$REPO" "$out/feedback" 2>/dev/null; then
    not_ok "the feedback quotes a host path or host file: $(grep -rlE 'root:x:0|/usr/include|'"$REPO" "$out/feedback" | head -3)"
else ok "no feedback quotes a host path or a host file's content"; fi
python3 - "$out/feedback/non-utf8.md" <<'EOF' && ok "non-utf8: the feedback is valid UTF-8 and its code block holds" ||
import sys
t = open(sys.argv[1], "rb").read().decode("utf-8")  # raises on invalid UTF-8
assert "\x1b" not in t and "\x01" not in t
assert "\n# Injected heading" not in t  # the line stays inside the block (indented)
EOF
    not_ok "non-utf8: the feedback is not valid UTF-8, or the block was broken"
grep -q '^\.hidden,a hidden entry' "$out/skipped.csv" && grep -q '^notes.txt,' "$out/skipped.csv" &&
    ok "skipped.csv lists the hidden entry and the stray file, with reasons" || not_ok "skipped.csv: $(cat "$out/skipped.csv")"

# Nothing outside the output folder changed.
[ "$(canary_state)" = "$canary_before" ] && ok "the canary keeps its content, mode, owner and links" ||
    not_ok "the canary changed: $(canary_state)"
for f in "$REPO/HACKED-by-write-files" /tmp/HACKED-by-write-files /tmp/HACKED-by-dotdot-abs \
    "$tmp/HACKED-by-dotdot" "$(dirname "$tmp")/HACKED-by-dotdot" "$out/HACKED-by-dotdot"; do
    [ -e "$f" ] && not_ok "$f was created" && rm -f "$f"
done
[ "$(cat tests/check/* tools/grade/* solutions/* Makefile | cksum)" = "$sum_before" ] &&
    ok "the grader's checks, tools/grade, solutions and Makefile unchanged by the run" ||
    not_ok "the run changed the grader's files"
new=$(comm -13 <(echo "$git_before") <(git status --porcelain 2>/dev/null | sort) | grep -i 'hacked\|fill-')
[ -z "$new" ] && ok "git status shows no file written by a submission" || not_ok "new files: $new"
[ ! -e "$out/.work" ] && ok "the work folders are removed" || not_ok "$out/.work is left behind"
if [ "$(id -u)" = 0 ]; then
    # A sandbox uid is 1000000000 + 64·run + slot, run being its grader's pid:
    # a process whose grader still runs belongs to another run on this machine.
    n=0
    for u in $(ps -e -o uid= | awk '$1 >= 1000000000 && $1 < 2000000000'); do
        grader=$(((u - 1000000000) / 64))
        ps -p "$grader" -o args= 2>/dev/null | grep -q ' grade ' && continue
        n=$((n + 1))
    done
    [ "$n" = 0 ] && ok "no sandboxed process outlives the run" || not_ok "$n sandboxed processes still run"
fi

# Resume: nothing is graded again; then two results removed are graded again.
cp "$out/gradebook.csv" "$tmp/gradebook1.csv"
"$NNWB" grade "$subs" -o "$out" --jobs 2 --max-archive 2 "${data_args[@]}" >"$tmp/run2.txt" 2>&1
if grep -q "^$n_subs already graded" "$tmp/run2.txt" && grep -q "^graded 0 in" "$tmp/run2.txt" &&
    cmp -s "$out/gradebook.csv" "$tmp/gradebook1.csv"; then ok "a second run grades nothing again (and keeps the seed)"
else not_ok "the second run: $(grep -E 'already|^graded' "$tmp/run2.txt" | tr '\n' ' ')"; fi
rm -f "$out/results/honest.json" "$out/results/segfault.json"
echo partial >"$out/results/.segfault.json.nnwb-tmp-x" # a half-written result is not a result
"$NNWB" grade "$subs" -o "$out" --jobs 2 --max-archive 2 "${data_args[@]}" >"$tmp/run3.txt" 2>&1
if grep -q "^graded 2 in" "$tmp/run3.txt" && cmp -s "$out/gradebook.csv" "$tmp/gradebook1.csv"; then
    ok "a resumed run grades only the two missing results, same gradebook"
else not_ok "the resumed run: $(grep -E 'already|^graded' "$tmp/run3.txt" | tr '\n' ' ')"; fi

# Two runs at once: A holds CPU hogs (every chapter an endless loop) and the fork
# bomb; B's rows must come out exact, and A's hog is held to its time budget.
mkdir -p "$tmp/A" "$tmp/B"
cp -r "$subs/fork-bomb" "$subs/loop" "$tmp/A/"
for k in 1 2; do
    honest_copy "$tmp/A/hog$k"
    sed -i 's/^{$/{ for (volatile int hog = 1; hog;) ;/' "$tmp/A/hog$k"/exercises/*.c
done
cp -r "$subs/honest" "$subs/stubs" "$subs/mutant-ch6-delta-sign" "$tmp/B/"
start=$(date +%s)
"$NNWB" grade "$tmp/A" -o "$tmp/outA" --jobs 2 --seed $SEED --student-timeout 20 "${data_args[@]}" >"$tmp/runA.txt" 2>&1 &
pid_a=$!
sleep 1
"$NNWB" grade "$tmp/B" -o "$tmp/outB" --jobs 2 --seed $SEED "${data_args[@]}" >"$tmp/runB.txt" 2>&1
rc_b=$?
wait $pid_a
rc_a=$?
secs=$(($(date +%s) - start))
same=1
for name in honest stubs mutant-ch6-delta-sign; do
    [ "$(grep "^$name," "$tmp/outB/gradebook.csv" | cut -d, -f2-$last_col)" = "$(row $name)" ] || same=0
done
[ $rc_b = 0 ] && [ $same = 1 ] && ok "a run beside one with CPU hogs and a fork bomb gives exactly the same rows" ||
    not_ok "run B beside run A: status $rc_b, rows $(cut -d, -f1-$last_col "$tmp/outB/gradebook.csv" | tr '\n' ' ')"
hog=$(grep '^graded hog1' "$tmp/runA.txt" | sed 's/.*(\([0-9.]*\) s)/\1/')
if [ $rc_a = 0 ] && [ -n "$hog" ] && awk -v t="$hog" 'BEGIN { exit !(t < 20 + 60 + 10) }' &&
    grep -q "time budget" "$tmp/outA/feedback/hog1.md"; then
    ok "a hog is held to its budget: $hog s for a 20 s budget (its last chapters 'not run: time budget')"
else not_ok "the hog: status $rc_a, ${hog:-?} s; $(grep -c 'time budget' "$tmp/outA/feedback/hog1.md" 2>/dev/null)"; fi

# Rows are never lost: two entries for one student stop the run; a missing --data too.
mkdir -p "$tmp/C"
honest_copy "$tmp/C/alice"
tar -czf "$tmp/C/alice.tar.gz" -C "$tmp/C" alice
msg=$("$NNWB" grade "$tmp/C" -o "$tmp/outC" 2>&1)
[ $? != 0 ] && echo "$msg" | grep -q "alice' and 'alice.tar.gz" && [ ! -e "$tmp/outC/gradebook.csv" ] &&
    ok "two entries for one student stop the run: $msg" || not_ok "a name collision: $msg"
rm -rf "$tmp/C"/* && mkdir -p "$tmp/C/émile" "$tmp/C/__mile"
msg=$("$NNWB" grade "$tmp/C" -o "$tmp/outC2" 2>&1)
[ $? != 0 ] && echo "$msg" | grep -q "both the student '__mile'" && ok "names that clean up the same collide too" ||
    not_ok "émile and __mile: $msg"
msg=$("$NNWB" grade "$tmp/C" -o "$tmp/outC3" --data "$tmp/no-such-folder" 2>&1)
[ $? != 0 ] && echo "$msg" | grep -q "no-such-folder" && ok "--data that does not exist is an error: $msg" ||
    not_ok "--data /nonexistent: $msg"
exit $failed
