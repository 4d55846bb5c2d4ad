#!/usr/bin/env bash
# classroom.sh - GitHub Classroom's workflow (make classroom, tools/classroom.sh) and
# nnwb check --save / --point, which its tests run.
#   - the workflow is valid YAML, named as the grading reporter requires ("Autograding
#     Tests", one job "run-autograding-tests"), and uses the documented actions with
#     their documented inputs only: classroom-resources/autograding-command-grader@v1
#     (test-name, command, timeout, max-score: a whole number) and
#     classroom-resources/autograding-grading-reporter@v1 (runners, and ID_RESULTS for
#     every runner id); every test reads the file the grading step saves;
#   - each chapter's tests carry its points of chapters/chapters.def, 100 in all;
#   - run here, each chapter's commands give that chapter's points: all of them for the
#     honest copy, none for the stubs, and for mutants with partial credit exactly the
#     whole part of make check's points for the same seed;
#   - --point refuses a missing file, a bad N:K and a point the chapter does not have;
#   - make handout CLASSROOM=1 ships the workflow and DATA_DIR's data.
# Skips (ok - # SKIP) without python3's yaml module or solutions/.
set -u
unset MAKEFLAGS MFLAGS MAKELEVEL SAN OPT
. "$(dirname "$0")/common.bash"
export NNWB_KIT=${NNWB_KIT:-$BUILD/kit}
need_nnwb
python3 -c "import yaml" 2>/dev/null || { echo "ok - # SKIP classroom.sh: python3 has no yaml module"; exit 0; }
[ -d solutions ] || { echo "ok - # SKIP classroom.sh: needs solutions/ (the instructor's edition)"; exit 0; }
scratch classroom
pkgs=$(make -s --no-print-directory print-grade-pkgs)
yml=$tmp/classroom.yml
if GRADE_PKGS=$pkgs sh tools/classroom.sh "$yml" >"$tmp/gen.log" 2>&1; then ok "make classroom: $(cat "$tmp/gen.log")"
else not_ok "make classroom failed: $(cat "$tmp/gen.log")"; exit 1; fi

# The workflow's shape, and one "N K command" line per test for what follows.
if python3 - "$yml" chapters/chapters.def >"$tmp/tests.txt" 2>"$tmp/yaml.err" <<'EOF'
import re, sys, yaml
wf = yaml.safe_load(open(sys.argv[1]))
points = {int(m.group(1)): int(m.group(2)) for m in
          re.finditer(r'^CHAPTER\((\d+),\s*\w+,\s*"[^"]*",\s*(\d+)\)', open(sys.argv[2]).read(), re.M)}
assert wf["name"] == "Autograding Tests", "the reporter needs the workflow named 'Autograding Tests'"
assert list(wf["jobs"]) == ["run-autograding-tests"], "one job, run-autograding-tests"
steps = wf["jobs"]["run-autograding-tests"]["steps"]
GRADER, REPORTER = "classroom-resources/autograding-command-grader@v1", "classroom-resources/autograding-grading-reporter@v1"
graders = [s for s in steps if s.get("uses") == GRADER]
reporters = [s for s in steps if s.get("uses") == REPORTER]
assert len(reporters) == 1 and steps[-1] is reporters[0], "one reporter, last"
save = [s for s in steps if "check --save" in s.get("run", "")]
assert len(save) == 1 and save[0].get("continue-on-error") is True, "one grading step, which never stops the job"
saved = re.search(r"--save (\S+)", save[0]["run"]).group(1)
per_chapter = {}
for s in graders:
    w = s["with"]
    assert set(w) <= {"test-name", "setup-command", "command", "timeout", "max-score"}, set(w)
    assert w["test-name"] and w["command"] and re.fullmatch(r"[a-z0-9]+", s["id"]), s["id"]
    assert isinstance(w["max-score"], int), "max-score must be a whole number (the grader parseInt's it)"
    m = re.fullmatch(r"build/nnwb check --point (\d+):(\d+) (\S+)", w["command"])
    assert m and m.group(3) == saved, w["command"]
    n = int(m.group(1))
    per_chapter[n] = per_chapter.get(n, 0) + w["max-score"]
    print(n, m.group(2), w["max-score"])
assert per_chapter == points, "points per chapter %s, chapters.def %s" % (per_chapter, points)
r = reporters[0]
ids = [s["id"] for s in graders]
assert r["with"]["runners"].split(",") == ids, "runners"
assert all(r["env"][i.upper() + "_RESULTS"] == "${{steps.%s.outputs.result}}" % i for i in ids), "reporter env"
print("ok", len(graders), sum(points.values()), file=sys.stderr)
EOF
then
    read -r _ n_tests total <"$tmp/yaml.err"
    ok "valid YAML; the documented actions and inputs; $n_tests one-point tests, $total points, as chapters.def"
else
    not_ok "the workflow: $(tail -1 "$tmp/yaml.err")"; exit 1
fi

# Each chapter's commands, run as the workflow runs them (from a workspace whose
# build/ holds nnwb and the saved results), against make check's points.
ws=$tmp/ws
mkdir -p "$ws/build"
ln -s "$(pwd)/$NNWB" "$ws/build/nnwb"
SEED=20261130
points_of() { # IMPL: per chapter "N points" from make check's table, and the saved file
    DATA_DIR="${DATA_DIR:-}" "$NNWB" check --impl "$1" --seed $SEED --save "$ws/build/classroom-points.txt" 2>/dev/null |
        awk '$3 == "/" && $1 ~ /^[0-9]+$/ { print $1, $5 }'
}
classroom_points() { # per chapter "N points" the commands give
    while read -r n k score; do
        (cd "$ws" && build/nnwb check --point "$n:$k" build/classroom-points.txt >/dev/null 2>&1) && echo "$n $score"
    done <"$tmp/tests.txt" | awk '{ s[$1] += $2 } END { for (n in s) print n, s[n] }' | sort -n
}
compare() { # NAME IMPL
    local want got
    want=$(points_of "$2" | awk '{ printf "%d %d\n", $1, int($2 + 1e-6) }' | awk '$2 > 0' | sort -n)
    got=$(classroom_points)
    if [ "$want" = "$got" ]; then ok "$1: the commands give make check's points per chapter, whole part: $(echo "$got" | tr '\n' ' ')"
    else not_ok "$1: make check (whole part) '$(echo "$want" | tr '\n' ' ')', the commands '$(echo "$got" | tr '\n' ' ')'"; fi
}
honest_copy "$tmp/honest"
compare honest "$tmp/honest/exercises"
[ "$(classroom_points | awk '{ s += $2 } END { print s }')" = 100 ] || [ -z "$(data_path digits20.mat)" ] &&
    ok "honest: 100 of 100 with the data" || not_ok "honest: not 100 with the data"
compare stubs exercises
partial=$tmp/partial/exercises
honest_copy "$tmp/partial"
for m in ch6-delta-sign ch5-lambda-ignored ch2-label-10-first ch4-z3-from-z2; do
    file=$(sed -n 's/^File: //p' "tests/mutants/$m.patch")
    cp "$file" "$partial/$(basename "$file")"
    patch -s "$partial/$(basename "$file")" "tests/mutants/$m.patch" >/dev/null
done
compare "four mutants at once" "$partial"

# --point's refusals.
(cd "$ws" && rm -f build/classroom-points.txt && build/nnwb check --point 1:1 build/classroom-points.txt) >"$tmp/o" 2>&1
[ $? = 2 ] && grep -q "no saved results" "$tmp/o" && ok "--point without a saved run: $(cat "$tmp/o")" || not_ok "--point, no file: $(cat "$tmp/o")"
points_of "$tmp/honest/exercises" >/dev/null
for bad in 1:0 1 x:1 1:99; do
    msg=$(cd "$ws" && build/nnwb check --point "$bad" build/classroom-points.txt 2>&1); rc=$?
    [ $rc = 2 ] && [ "$(echo "$msg" | wc -l)" = 1 ] || not_ok "--point $bad: exit $rc, $msg"
done
ok "--point 1:0, 1, x:1 and 1:99: one-line usage errors"

# make handout CLASSROOM=1: the workflow and the data go into the students' copy.
made=0
if [ ! -f .github/workflows/classroom.yml ]; then
    GRADE_PKGS=$pkgs sh tools/classroom.sh .github/workflows/classroom.yml >/dev/null && made=1
fi
d=$(dirname "$(data_path ex4weights.mat)")
BUILD=${PLAIN_BUILD:-$BUILD} CLASSROOM=1 DATA_DIR=$d sh tools/handout.sh "$tmp/h.tar.gz" >"$tmp/h.log" 2>&1
rc=$?
[ $made = 1 ] && rm -f .github/workflows/classroom.yml && rmdir -p .github/workflows 2>/dev/null
list=$(tar -tzf "$tmp/h.tar.gz" 2>/dev/null)
if [ $rc = 0 ] && echo "$list" | grep -qx 'nnwb-student/.github/workflows/classroom.yml' &&
    { [ "$d" = . ] || echo "$list" | grep -qx 'nnwb-student/data/ex4weights.mat'; } && ! echo "$list" | grep -q '/solutions/'; then
    ok "make handout CLASSROOM=1: the workflow and the data are in the handout, no solutions"
else
    not_ok "make handout CLASSROOM=1: exit $rc, $(tail -2 "$tmp/h.log")"
fi
exit $failed
