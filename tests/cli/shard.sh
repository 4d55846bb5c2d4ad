#!/usr/bin/env bash
# shard.sh - `nnwb grade --shard K/N` and `nnwb grade --merge` (tools/grade/shard.h).
#   - a class of seven (honest, stubs, two mutants, a crash, an archive, a missing
#     chapter) graded in one run, and as shards 1/3, 2/3 and 3/3 with the same seed:
#     the merged gradebook is byte for byte the single run's, and so is every
#     results/*.json and feedback/*.md; every student is in exactly one shard;
#   - the merge refuses, in one line and without writing a gradebook: a missing
#     shard, two copies of one shard (overlap), a shard graded with another seed,
#     a shard whose student is not graded, a split of other submissions, an OUT
#     that is one of the parts; --shard 4/3 and 0/3 are usage errors.
# Prints "ok - ..." / "not ok - ..."; exits non-zero if any failed.
set -u
unset MAKEFLAGS MFLAGS MAKELEVEL SAN OPT
. "$(dirname "$0")/common.bash"
export NNWB_KIT=${NNWB_KIT:-$BUILD/kit}
export BUILD=${PLAIN_BUILD:-$BUILD}
need_nnwb
if [ ! -d solutions ]; then echo "ok - # SKIP shard.sh: needs solutions/ (the instructor's edition)"; exit 0; fi
scratch shard
mkdir "$tmp/empty"
if "$NNWB" grade "$tmp/empty" -o "$tmp/probe" 2>&1 | grep -q "cannot create namespaces"; then
    echo "ok - # SKIP shard.sh: this machine cannot create the sandbox's namespaces"
    exit 0
fi
chmod 755 "$tmp"
subs=$tmp/subs
SEED=777001
data_args=()
if [ -n "$(data_path ex4weights.mat)" ] && [ -n "$(data_path digits20.mat)" ]; then
    data_args=(--data "$(dirname "$(data_path ex4weights.mat)")")
fi

honest_copy "$subs/honest"
mkdir -p "$subs/stubs" && cp -r exercises "$subs/stubs/"
for m in ch6-delta-sign ch5-lambda-ignored; do
    [ -f "tests/mutants/$m.patch" ] || continue
    file=$(sed -n 's/^File: //p' "tests/mutants/$m.patch")
    honest_copy "$subs/mutant-$m"
    cp "$file" "$subs/mutant-$m/exercises/$(basename "$file")"
    patch -s "$subs/mutant-$m/exercises/$(basename "$file")" "tests/mutants/$m.patch" >/dev/null
done
honest_copy "$subs/segfault"
cp tests/hostile/segfault/exercises/*.c "$subs/segfault/exercises/"
honest_copy "$tmp/a/zed"
tar -czf "$subs/zed.tar.gz" -C "$tmp/a" zed
honest_copy "$subs/no-ch4"
rm "$subs/no-ch4/exercises/"ch4_*.c
n_subs=$(ls "$subs" | wc -l)

grade() { "$NNWB" grade "$subs" --seed $SEED --jobs 2 "${data_args[@]}" "$@"; }
start=$(date +%s)
grade -o "$tmp/whole" >"$tmp/whole.log" 2>&1 || not_ok "the single run failed: $(tail -3 "$tmp/whole.log")"
t_whole=$(($(date +%s) - start))
start=$(date +%s)
for k in 1 2 3; do
    grade -o "$tmp/part$k" --shard $k/3 >"$tmp/part$k.log" 2>&1 || not_ok "shard $k/3 failed: $(tail -3 "$tmp/part$k.log")"
done
t_parts=$(($(date +%s) - start))
ok "graded $n_subs submissions in one run ($t_whole s) and in three shards ($t_parts s in all)"

# Every student in exactly one shard, the shards of sizes 3, 2, 2 (round robin).
all=$(for k in 1 2 3; do tail -n +2 "$tmp/part$k/gradebook.csv" | cut -d, -f1; done | sort)
whole=$(tail -n +2 "$tmp/whole/gradebook.csv" | cut -d, -f1 | sort)
sizes=$(for k in 1 2 3; do echo -n "$(($(wc -l <"$tmp/part$k/gradebook.csv") - 1)) "; done)
[ "$all" = "$whole" ] && [ -z "$(echo "$all" | uniq -d)" ] && [ "$sizes" = "3 2 2 " ] &&
    ok "every student is in exactly one shard (sizes $sizes)" || not_ok "shards: sizes $sizes, students $(echo $all)"
grep -q "^shard 2/3: 2 of the $n_subs students" "$tmp/part2.log" && ok "a shard says which part it is" ||
    not_ok "shard 2/3 did not say so: $(head -3 "$tmp/part2.log")"

# The merge: byte for byte the single run.
if msg=$("$NNWB" grade --merge "$tmp/part1" "$tmp/part2" "$tmp/part3" -o "$tmp/merged" 2>&1); then
    ok "merge: $msg"
else
    not_ok "merge failed: $msg"
fi
cmp -s "$tmp/whole/gradebook.csv" "$tmp/merged/gradebook.csv" &&
    ok "the merged gradebook is byte-identical to the single run's ($(($(wc -l <"$tmp/whole/gradebook.csv") - 1)) rows)" ||
    not_ok "gradebooks differ: $(diff "$tmp/whole/gradebook.csv" "$tmp/merged/gradebook.csv" | head -5)"
same=1
for d in results feedback; do
    for f in "$tmp/whole/$d"/*; do
        # results.json holds the time the student took: compare without it.
        if [ $d = results ]; then
            cmp -s <(grep -v execution_time "$f") <(grep -v execution_time "$tmp/merged/$d/$(basename "$f")") || same=0
        else
            cmp -s "$f" "$tmp/merged/$d/$(basename "$f")" || same=0
        fi
    done
done
[ $same = 1 ] && cmp -s "$tmp/whole/skipped.csv" "$tmp/merged/skipped.csv" && cmp -s "$tmp/whole/.seed" "$tmp/merged/.seed" &&
    ok "every feedback, results.json (but its execution_time), skipped.csv and .seed as in the single run" ||
    not_ok "the merged reports differ from the single run's"
# Merging again into the same folder gives the same.
"$NNWB" grade --merge "$tmp/part3" "$tmp/part1" "$tmp/part2" -o "$tmp/merged" >/dev/null 2>&1 &&
    cmp -s "$tmp/whole/gradebook.csv" "$tmp/merged/gradebook.csv" && ok "the parts in any order, merged again: the same" ||
    not_ok "a second merge differs"

# Refusals: one line, non-zero, no gradebook written.
refuse() { # WHAT PHRASE ARGS...
    local what=$1 phrase=$2 out=$tmp/refused msg rc
    shift 2
    rm -rf "$out"
    msg=$("$NNWB" grade "$@" 2>&1); rc=$?
    if [ $rc != 0 ] && [ "$(echo "$msg" | wc -l)" = 1 ] && echo "$msg" | grep -q -- "$phrase" &&
        [ ! -e "$out/gradebook.csv" ]; then ok "$what: refused ($msg)"
    else not_ok "$what: exit $rc, '$msg'"; fi
}
refuse "a missing shard" "shard 2/3 is missing" --merge "$tmp/part1" "$tmp/part3" -o "$tmp/refused"
refuse "two copies of one shard" "both shard 1/3: the parts overlap" \
    --merge "$tmp/part1" "$tmp/part1" "$tmp/part3" -o "$tmp/refused"
cp -r "$tmp/part2" "$tmp/part2-seed"
echo 5 >"$tmp/part2-seed/.seed"
refuse "a shard with another seed" "graded with seed 5" --merge "$tmp/part1" "$tmp/part2-seed" "$tmp/part3" -o "$tmp/refused"
cp -r "$tmp/part2" "$tmp/part2-hole"
victim=$(tail -n +2 "$tmp/part2/gradebook.csv" | head -1 | cut -d, -f1)
rm "$tmp/part2-hole/results/$victim.json"
refuse "a shard that did not grade a student" "has not graded '$victim'" \
    --merge "$tmp/part1" "$tmp/part2-hole" "$tmp/part3" -o "$tmp/refused"
mkdir -p "$tmp/subs2" && cp -r "$subs/honest" "$tmp/subs2/"
"$NNWB" grade "$tmp/subs2" --seed $SEED --shard 2/3 -o "$tmp/other" "${data_args[@]}" >/dev/null 2>&1
refuse "a shard of other submissions" "split from other submissions" --merge "$tmp/part1" "$tmp/other" "$tmp/part3" -o "$tmp/refused"
refuse "the whole run beside its shards" "is shard 1/1" --merge "$tmp/part1" "$tmp/whole" "$tmp/part3" -o "$tmp/refused"
refuse "a folder that is no output" "not an output folder" --merge "$tmp/part1" "$subs" "$tmp/part3" -o "$tmp/refused"
msg=$("$NNWB" grade --merge "$tmp/part1" "$tmp/part2" "$tmp/part3" -o "$tmp/part1" 2>&1)
[ $? != 0 ] && echo "$msg" | grep -q "is one of the parts" && ok "-o one of the parts: refused ($msg)" || not_ok "-o a part: $msg"
for bad in 4/3 0/3 3 a/b; do
    msg=$("$NNWB" grade "$subs" -o "$tmp/bad" --shard $bad 2>&1); rc=$?
    [ $rc = 2 ] && [ "$(echo "$msg" | wc -l)" = 1 ] && echo "$msg" | grep -q "is not K/N" || not_ok "--shard $bad: exit $rc, $msg"
done
ok "--shard 4/3, 0/3, 3 and a/b: one-line usage errors"
exit $failed
