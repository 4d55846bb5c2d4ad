#!/usr/bin/env bash
# gradescope.sh - the Gradescope autograder (make gradescope, tools/gradescope/).
#   - the zip has setup.sh and run_autograder at its root, executable; both pass
#     bash -n and ShellCheck;
#   - unpacked in a scratch root (NNWB_AUTOGRADER_ROOT), setup.sh's build part
#     (NNWB_SETUP_APT=0) builds nnwb and digits20, removes the solutions' source and
#     closes the grader's tree to other users;
#   - run_autograder grades an honest submission (loose files, an exercises/ folder,
#     a .zip), the stubs and hostile submissions, with namespaces and confined (the
#     fallback for containers without them), and each results.json has the fields and
#     values Gradescope's specification allows, tests whose points add up to the score
#     and to 100, and the expected score; a SEED variable and a seed file in the
#     submission do not choose the seed; a hostile submission changes no file of the
#     autograder's and reads no solution; a grader that fails still leaves a
#     results.json with score 0 and the reason; confined, an archive bomb is refused
#     by its listing.
# Skips (ok - # SKIP) without zip/unzip, python3, the data or solutions/.
set -u
unset MAKEFLAGS MFLAGS MAKELEVEL SAN OPT
. "$(dirname "$0")/common.bash"
for tool in zip unzip python3; do
    command -v $tool >/dev/null 2>&1 || { echo "ok - # SKIP gradescope.sh: $tool is not installed"; exit 0; }
done
[ -d solutions ] || { echo "ok - # SKIP gradescope.sh: needs solutions/ (the instructor's edition)"; exit 0; }
data=
for d in "${DATA_DIR:-}" data; do
    if [ -n "$d" ] && [ -f "$d/ex4weights.mat" ] && [ -f "$d/mnist/t10k-images-idx3-ubyte.gz" ]; then data=$d; break; fi
done
[ -n "$data" ] || { echo "ok - # SKIP gradescope.sh: no DATA_DIR with ex4weights.mat and mnist/"; exit 0; }
scratch gradescope
chmod 755 "$tmp"

pkgs=$(make -s --no-print-directory print-grade-pkgs)
if DATA_DIR=$data GRADE_PKGS=$pkgs sh tools/gradescope.sh "$tmp/ag.zip" >"$tmp/pack.log" 2>&1; then
    ok "make gradescope: $(cat "$tmp/pack.log")"
else
    not_ok "make gradescope failed: $(cat "$tmp/pack.log")"; exit 1
fi
msg=$(DATA_DIR=$tmp/nowhere GRADE_PKGS=$pkgs sh tools/gradescope.sh "$tmp/none.zip" 2>&1)
[ $? != 0 ] && [ ! -e "$tmp/none.zip" ] && [ "$(echo "$msg" | wc -l)" = 1 ] &&
    ok "without data it refuses in one line: $msg" || not_ok "without data: $msg"

# Gradescope's layout: the two scripts at the root of the zip, not in a folder.
root_files=$(unzip -Z1 "$tmp/ag.zip" | grep -v /)
echo "$root_files" | grep -qx setup.sh && echo "$root_files" | grep -qx run_autograder &&
    ok "setup.sh and run_autograder at the root of the zip" || not_ok "the zip's root: $root_files"
root=$tmp/autograder
mkdir -p "$root/source"
(cd "$root/source" && unzip -q "$tmp/ag.zip")
[ -x "$root/source/setup.sh" ] && [ -x "$root/source/run_autograder" ] && ok "both are executable" ||
    not_ok "setup.sh or run_autograder is not executable"
for s in setup.sh run_autograder; do
    bash -n "$root/source/$s" && ok "bash -n $s" || not_ok "bash -n $s"
    if command -v shellcheck >/dev/null 2>&1; then
        out=$(shellcheck "$root/source/$s" 2>&1) && ok "shellcheck $s" || not_ok "shellcheck $s: $(echo "$out" | head -5)"
    else
        echo "ok - # SKIP shellcheck $s: shellcheck is not installed"
    fi
done

# setup.sh's build part (the packages are installed here already).
start=$(date +%s)
if NNWB_SETUP_APT=0 bash "$root/source/setup.sh" >"$tmp/setup.log" 2>&1; then
    ok "setup.sh built the grader in $(($(date +%s) - start)) s: $(tail -1 "$tmp/setup.log")"
else
    not_ok "setup.sh failed: $(tail -3 "$tmp/setup.log")"; exit 1
fi
[ ! -e "$root/source/nnwb/solutions" ] && [ -f "$root/source/data/digits20.mat" ] &&
    [ "$(stat -c %a "$root/source/nnwb/Makefile")" = 600 ] && [ "$(stat -c %a "$root/source/nnwb/build/nnwb")" = 700 ] &&
    ok "the image keeps no solution source; the grader's files are root's only; digits20.mat is built" ||
    not_ok "after setup: $(ls "$root/source/nnwb") $(stat -c %a "$root/source/nnwb/Makefile")"
cp "$root/source/run_autograder" "$tmp/run_autograder.orig"

# One submission, graded: run_autograder with the submission's files, then the
# results.json checked against Gradescope's format and the expected score.
validate() { # RESULTS.JSON WANT_SCORE: the format, the sums, the score
    python3 - "$1" "$2" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
want = float(sys.argv[2])
VIS = {"hidden", "after_due_date", "after_published", "visible"}
FMT = {"text", "html", "simple_format", "md", "ansi"}
TOP = {"score", "execution_time", "output", "output_format", "test_output_format", "test_name_format",
       "visibility", "stdout_visibility", "extra_data", "tests", "leaderboard"}
TEST = {"score", "max_score", "status", "name", "name_format", "number", "output", "output_format", "tags",
        "visibility", "extra_data"}
assert set(r) <= TOP, set(r) - TOP
assert isinstance(r["score"], (int, float)), "score"
assert abs(r["score"] - want) < 0.005, "score %s, expected %s" % (r["score"], want)
for k in ("visibility", "stdout_visibility"):
    assert r.get(k, "visible") in VIS, k
for k in ("output_format", "test_output_format", "test_name_format"):
    assert r.get(k, "text") in FMT, k
assert isinstance(r.get("output", ""), str)
tests = r["tests"]
if tests:
    for t in tests:
        assert set(t) <= TEST, set(t) - TEST
        assert {"name", "score", "max_score", "status", "output", "visibility"} <= set(t), t.get("name")
        assert isinstance(t["name"], str) and isinstance(t["output"], str)
        assert t["status"] in ("passed", "failed") and t["visibility"] in VIS
        assert 0 <= t["score"] <= t["max_score"] + 1e-9
    assert abs(sum(t["score"] for t in tests) - r["score"]) < 0.01, "tests add up to another score"
    assert abs(sum(t["max_score"] for t in tests) - 100) < 0.01, "max scores do not add up to 100"
    chapters = {t["number"].split(".")[0] for t in tests}
    assert all(any(t["output"].startswith("Chapter %s:" % c) for t in tests) for c in chapters), "chapter feedback"
print("%.2f, %d tests" % (r["score"], len(tests)))
EOF
}
run_one() { # NAME SANDBOX WANT [ENV...]: grade $tmp/sub/NAME's files
    local name=$1 sandbox=$2 want=$3 start msg
    shift 3
    rm -rf "$root/submission" "$root/results"
    cp -R "$tmp/sub/$name" "$root/submission"
    start=$(date +%s)
    env NNWB_AUTOGRADER_ROOT="$root" NNWB_SANDBOX="$sandbox" "$@" "$root/source/run_autograder" >"$tmp/$name.log" 2>&1
    if msg=$(validate "$root/results/results.json" "$want" 2>&1); then
        ok "$name ($sandbox): results.json in Gradescope's format, $msg in $(($(date +%s) - start)) s"
    else
        not_ok "$name ($sandbox): $(echo "$msg" | tail -1); $(tail -3 "$tmp/$name.log")"
    fi
}
honest_copy "$tmp/h"
mkdir -p "$tmp/sub/loose" "$tmp/sub/folder" "$tmp/sub/zip" "$tmp/sub/stubs"
cp "$tmp/h/exercises/"*.c "$tmp/sub/loose/"
echo 1 >"$tmp/sub/loose/.seed"
echo "SEED=1" >"$tmp/sub/loose/seed"
cp -R "$tmp/h/exercises" "$tmp/sub/folder/"
(cd "$tmp/h" && zip -q -r "$tmp/sub/zip/hw.zip" exercises)
cp exercises/*.c "$tmp/sub/stubs/"
run_one loose auto 100 SEED=1
seed=$(grep -o 'seed [0-9]*' "$root/results/results.json" | head -1)
[ -n "$seed" ] && [ "$seed" != "seed 1" ] && ok "the seed is drawn by the autograder ($seed), not by SEED=1 or the submission" ||
    not_ok "seed: '$seed'"
run_one loose confined 100
seed2=$(grep -o 'seed [0-9]*' "$root/results/results.json" | head -1)
[ "$seed2" != "$seed" ] && ok "a new seed each run ($seed2)" || not_ok "the same seed twice: $seed2"
grep -q "confined without namespaces" "$tmp/loose.log" && ok "confined: stdout says what the fallback keeps" ||
    not_ok "confined: the log does not say so"
run_one folder auto 100
run_one zip confined 100
run_one stubs auto 0
# An archive bomb: confined there is no tmpfs, so its own listing caps what unpacks.
mkdir -p "$tmp/sub/bomb"
python3 - "$tmp/h/exercises" "$tmp/sub/bomb/hw.tar.gz" <<'EOF'
import io, os, sys, tarfile
src, out = sys.argv[1:]
with tarfile.open(out, "w:gz") as t:
    for f in sorted(os.listdir(src)):
        t.add(os.path.join(src, f), arcname="exercises/" + f)
    info = tarfile.TarInfo("exercises/zeros.bin"); info.size = 100 << 20
    t.addfile(info, io.BytesIO(bytes(info.size)))
EOF
run_one bomb confined 0
grep -q "unpacks to more than 64 MB" "$root/results/results.json" && ok "confined: the bomb is not unpacked, and the output says why" ||
    not_ok "confined bomb: $(grep -o '"output": "[^"]*' "$root/results/results.json" | head -1)"

# Hostile submissions, with the autograder's own paths filled in: the chapter they
# attack scores 0, the rest full marks; no file of the autograder's changes.
ch2=$(awk -F', *' '/^CHAPTER\(2,/ { print $4 }' chapters/chapters.def | tr -d ')')
before=$(cat "$root/source/run_autograder" "$root/source/nnwb/build/nnwb" | cksum)
for h in write-files read-solutions proc-mem fork-bomb; do
    mkdir -p "$tmp/sub/$h"
    cp "$tmp/h/exercises/"*.c "$tmp/sub/$h/"
    sed -e "s|@REPO@|$root/source/nnwb|g" -e "s|@CANARY@|$root/source/run_autograder|g" -e "s|@OUT@|$root|g" \
        tests/hostile/$h/exercises/ch2_onehot.c >"$tmp/sub/$h/ch2_onehot.c"
    for sandbox in auto confined; do run_one $h $sandbox "$((100 - ch2))"; done
done
[ "$(cat "$root/source/run_autograder" "$root/source/nnwb/build/nnwb" | cksum)" = "$before" ] &&
    cmp -s "$root/source/run_autograder" "$tmp/run_autograder.orig" && [ ! -e "$root/gradebook.csv" ] &&
    [ ! -e "$root/results/write-files.json" ] && [ ! -e "$root/HACKED-by-write-files" ] &&
    ok "no hostile submission changed or added a file of the autograder's" || not_ok "the autograder's files changed"
n=$(ps -e -o uid= | awk '$1 >= 1000000000 && $1 < 2000000000' | wc -l)
[ "$(id -u)" != 0 ] || echo "note - $n processes of sandbox uids are running (other graders on this machine count too)"

# The grader itself failing: still a results.json, score 0, the reason.
rm -rf "$root/results"
NNWB_AUTOGRADER_ROOT="$root" NNWB_SANDBOX=bogus "$root/source/run_autograder" >"$tmp/crash.log" 2>&1
rc=$?
if msg=$(validate "$root/results/results.json" 0 2>&1) && grep -q "could not grade.*--sandbox 'bogus'" "$root/results/results.json"; then
    ok "a grader error still writes results.json (exit $rc): $(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["output"])' "$root/results/results.json")"
else
    not_ok "a grader error: $msg $(cat "$root/results/results.json" 2>/dev/null)"
fi
mv "$root/source/nnwb/build/nnwb" "$tmp/nnwb.moved"
rm -rf "$root/results"
NNWB_AUTOGRADER_ROOT="$root" "$root/source/run_autograder" >/dev/null 2>&1
validate "$root/results/results.json" 0 >/dev/null 2>&1 && grep -q "is not built" "$root/results/results.json" &&
    ok "no grader at all: results.json with score 0 and the reason" || not_ok "no grader: $(cat "$root/results/results.json" 2>/dev/null)"
mv "$tmp/nnwb.moved" "$root/source/nnwb/build/nnwb"
exit $failed
