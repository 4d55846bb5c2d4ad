#!/bin/sh
# classroom.sh - `make classroom`: the GitHub Classroom autograding workflow for the
# students' repository, from chapters/chapters.def.
#   GRADE_PKGS="..." sh tools/classroom.sh OUT.yml      (run from the workbook's folder)
#
# GitHub Classroom's command grader (classroom-resources/autograding-command-grader)
# gives a test its max-score when the command exits 0 and nothing otherwise, and reads
# max-score as a whole number. So that a chapter keeps make check's partial credit, the
# workflow runs make check's checks once (nnwb check --save, one seed for the run) and
# gives each chapter of P points P tests of one point: "point K of P" passes when the
# chapter reached K points (nnwb check --point N:K). A chapter scores the whole part of
# its make check points, and full marks exactly. The grading reporter
# (autograding-grading-reporter) adds them up; the workflow and job names are the ones
# it requires ("Autograding Tests", "run-autograding-tests").
set -eu
out=${1:?usage: sh tools/classroom.sh OUT.yml}
[ -n "${GRADE_PKGS:-}" ] || { echo "make classroom: GRADE_PKGS is empty (run it through make classroom)" >&2; exit 1; }
saved=build/classroom-points.txt
mkdir -p "$(dirname "$out")"
tmp=$out.tmp.$$
trap 'rm -f "$tmp"' EXIT
{
    cat <<EOF
# classroom.yml - GitHub Classroom's autograding for the nnwb workbook, written by
# make classroom (tools/classroom.sh) from chapters/chapters.def: do not edit by hand.
# The checks run once (make check's judge, one seed); each chapter of P points is P
# tests of one point, so that it scores the whole part of its make check points.
name: Autograding Tests
'on':
  - push
  - repository_dispatch
permissions:
  checks: write
  actions: read
  contents: read
jobs:
  run-autograding-tests:
    runs-on: ubuntu-latest
    if: github.actor != 'github-classroom[bot]'
    steps:
      - name: Checkout code
        uses: actions/checkout@v4
      - name: Install the packages nnwb needs
        run: sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $GRADE_PKGS
      - name: Run make check's checks once
        continue-on-error: true
        run: >-
          make -j2 build/nnwb kit &&
          DATA_DIR=data BUILD=build NNWB=build/nnwb sh tools/ensure_data.sh &&
          DATA_DIR=data NNWB_GEN_DIR=build/data build/nnwb check --save $saved
EOF
    sed -n 's/^CHAPTER(\([0-9]*\), *\([a-z0-9_]*\), *"\([^"]*\)", *\([0-9]*\)).*/\1 \4 \3/p' chapters/chapters.def |
        while read -r n points title; do
            title=$(echo "$title" | sed "s/'/''/g") # YAML single quotes
            k=1
            while [ "$k" -le "$points" ]; do
                cat <<EOF
      - name: 'Chapter $n ($title): point $k of $points'
        id: ch${n}p$k
        uses: classroom-resources/autograding-command-grader@v1
        with:
          test-name: 'Chapter $n ($title): point $k of $points'
          command: build/nnwb check --point $n:$k $saved
          timeout: 1
          max-score: 1
EOF
                k=$((k + 1))
            done
        done
    ids=$(sed -n 's/^CHAPTER(\([0-9]*\), *[a-z0-9_]*, *"[^"]*", *\([0-9]*\)).*/\1 \2/p' chapters/chapters.def |
        awk '{ for (k = 1; k <= $2; k++) printf "%sch%dp%d", (n++ ? "," : ""), $1, k }')
    cat <<EOF
      - name: Autograding Reporter
        uses: classroom-resources/autograding-grading-reporter@v1
        env:
EOF
    echo "$ids" | tr ',' '\n' | while read -r id; do
        # shellcheck disable=SC2016 # ${{ }} is GitHub's expression, not the shell's
        printf '          %s_RESULTS: "${{steps.%s.outputs.result}}"\n' "$(echo "$id" | tr '[:lower:]' '[:upper:]')" "$id"
    done
    cat <<EOF
        with:
          runners: $ids
EOF
} >"$tmp"
mv "$tmp" "$out"
trap - EXIT
echo "classroom: $out ($(grep -c 'autograding-command-grader' "$out") one-point tests, $(sed -n 's/^CHAPTER(.*, *\([0-9]*\)).*/\1/p' chapters/chapters.def | awk '{ s += $1 } END { print s }') points)"
