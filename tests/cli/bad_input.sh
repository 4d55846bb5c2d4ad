#!/usr/bin/env bash
# bad_input.sh - nnwb's promise on files, as a table: no command destroys a
# file, and every bad input gets one clear line.
#
# Each row runs one nnwb command and gives the exit status it must end with,
# a phrase its message must contain (stderr for a failure, stdout for a
# success), and the files that must be unchanged afterwards. Every row also
# checks: no crash or hang (status < 124, a 60 s limit), exactly one line on
# stderr for a failure and none for a success, and no temporary file left
# behind. "Unchanged" is a fingerprint: file type, mode, link count, the
# target of a link, and the sha256 of the bytes a file holds; so /dev/full
# stays a device, a FIFO stays a FIFO, a link stays a link. The rows cover
# data, eval, train, predict, gradcheck, plot and grade's files (the rest of
# grade has its own tests, tests/cli/grade.sh); with root and tmpfs a 64 KB file system filled to the
# brim (a full disk); with octave-cli the files Octave writes in each of its
# save formats. Every fixture is made at test time in a scratch folder:
# mkmat (tests/cli/mkmat.c, through matio) writes the unusual .mat files.
#
# Environment: BUILD (default build), DATA_DIR with mnist/t10k-*.gz (the
# data sets are cut from it; without it the script says so and exits 0).
# Prints "ok - ..." / "not ok - ..." per row, then the count of rows, and
# exits non-zero if any failed.
set -u

. "$(dirname "$0")/common.bash"
DATA_DIR=${DATA_DIR:-}
MKMAT=$BUILD/tests/mkmat
IMAGES=$DATA_DIR/mnist/t10k-images-idx3-ubyte.gz
LABELS=$DATA_DIR/mnist/t10k-labels-idx1-ubyte.gz
if [ -z "$DATA_DIR" ] || [ ! -r "$IMAGES" ] || [ ! -r "$LABELS" ]; then
    echo "skip - bad_input.sh: no mnist/t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz in DATA_DIR='$DATA_DIR'"
    exit 0
fi
need_nnwb
[ -x "$MKMAT" ] || { not_ok "$MKMAT is not built (make $MKMAT)"; exit 1; }
scratch bad-input
full=$tmp/full
trap 'umount "$full" 2>/dev/null; rm -rf "$tmp"' EXIT
f=$tmp/f
mkdir -p "$f"

# ---- the table's machinery ----------------------------------------------
rows=0

# fingerprint FILE: what "unchanged" means for FILE.
fingerprint() {
    if [ -L "$1" ]; then
        echo "link -> $(readlink "$1")"
    elif [ -e "$1" ]; then
        stat -c '%F %a %h' "$1"
        if [ -f "$1" ]; then sha256sum <"$1"; fi
    else
        echo "absent"
    fi
}

# row STATUS PHRASE KEEP ARGS...: run nnwb ARGS; it must exit with STATUS,
# print PHRASE (stderr if STATUS != 0, stdout if 0) and leave every file
# of the space-separated list KEEP as it was.
row() {
    local want=$1 phrase=$2 keep=$3 k before=() i=0 why=""
    shift 3
    rows=$((rows + 1))
    for k in $keep; do before+=("$(fingerprint "$k")"); done
    timeout 60 "$NNWB" "$@" >"$tmp/stdout" 2>"$tmp/stderr"
    local rc=$? lines where
    lines=$(wc -l <"$tmp/stderr")
    if [ "$want" = 0 ]; then where=$tmp/stdout; else where=$tmp/stderr; fi
    for k in $keep; do
        [ "$(fingerprint "$k")" = "${before[$i]}" ] || why="$why ${k#"$tmp"/} changed;"
        i=$((i + 1))
    done
    local left
    left=$(find "$tmp" -name '*.nnwb-tmp-*' 2>/dev/null | head -3 | tr '\n' ' ')
    [ -n "$left" ] && rm -f "$tmp"/*/.*.nnwb-tmp-* "$tmp"/.*.nnwb-tmp-* 2>/dev/null
    if [ "$rc" -ge 124 ]; then why="exit $rc (a crash or a hang);$why"
    elif [ "$rc" != "$want" ]; then why="exit $rc, expected $want;$why"; fi
    if [ "$want" = 0 ] && [ "$lines" != 0 ]; then why="$why $lines lines on stderr;"
    elif [ "$want" != 0 ] && [ "$lines" != 1 ]; then why="$why $lines lines on stderr, expected 1;"; fi
    grep -qF -- "$phrase" "$where" || why="$why no '$phrase';"
    [ -n "$left" ] && why="$why left $left;"
    local said
    said=$(head -c 300 "$where" | head -n 2 | tr '\n' ' ' | sed "s|$tmp/||g")
    local cmd="nnwb ${*//$tmp\//}"
    if [ -z "$why" ]; then
        ok "$cmd -> $rc: $said"
    else
        not_ok "$cmd:$why $(head -c 300 "$tmp/stderr" | tr '\n' ' ' | sed "s|$tmp/||g")"
    fi
}

# is_true NAME CONDITION...: a check after a row (a link still a link, ...).
is_true() {
    local name=$1
    shift
    if "$@"; then ok "$name"; else not_ok "$name"; fi
}

# ---- fixtures -------------------------------------------------------------
quiet() { "$@" >/dev/null 2>"$tmp/fixture.err" || { not_ok "fixture: $* ($(cat "$tmp/fixture.err"))"; exit 1; }; }
D=$f/D.mat T=$f/T.mat W=$f/W.mat
quiet "$NNWB" data mnist --images "$IMAGES" --labels "$LABELS" --per-class 20 -o "$D"
quiet "$NNWB" data mnist --images "$IMAGES" --labels "$LABELS" --per-class 10 --offset 20 -o "$T"
quiet "$NNWB" train --data "$D" --iters 3 --quiet --log "$f/log.csv" -o "$W"
quiet "$NNWB" train --data "$D" --iters 3 --hidden 2 --quiet -o "$f/small.mat"
quiet "$NNWB" predict --data "$T" --weights "$W" --confusion "$f/conf.csv"
quiet "$NNWB" gradcheck --csv "$f/grad.csv"
cp "$IMAGES" "$f/images.gz"
cp "$LABELS" "$f/labels.gz"
head -c 10 "$LABELS" >"$f/cut10.gz"               # the gzip header, no data
: >"$f/empty.mat"
: >"$f/empty.csv"
: >"$f/empty.gz"
mkdir "$f/dir" "$f/dir.png"
mkfifo "$f/fifo"
echo "iteration,cost,train_accuracy,test_accuracy,seconds,evaluations" >"$f/header-only.csv"
echo "hello" >"$f/hello.csv"
ln -s W.mat "$f/W-link.mat"                        # a link to an input
ln "$D" "$f/D-hard.mat"                            # a second name for D.mat
ln -s /dev/full "$f/full-link.csv"
# Unusual .mat files.
quiet "$MKMAT" "$f/W-t1.mat" "Theta1=@$W:Theta1'" "Theta2=@$W:Theta2"
quiet "$MKMAT" "$f/W-t2.mat" "Theta1=@$W:Theta1" "Theta2=@$W:Theta2'"
quiet "$MKMAT" "$f/W-no1.mat" "Theta2=@$W:Theta2"
quiet "$MKMAT" "$f/D-y11.mat" "X=@$D:X" "y=@$D:y" "y(5)=11"
quiet "$MKMAT" "$f/D-y100001.mat" "X=@$D:X" "y=@$D:y" "y(3)=100001"
quiet "$MKMAT" "$f/D-ymax.mat" "X=@$D:X" "y=@$D:y" "y(2)=2147483647"
quiet "$MKMAT" "$f/D-y0.mat" "X=@$D:X" "y=@$D:y" "y(4)=0"
quiet "$MKMAT" "$f/D-yfrac.mat" "X=@$D:X" "y=@$D:y" "y(2)=1.5"
quiet "$MKMAT" "$f/D-nan.mat" "X=@$D:X" "y=@$D:y" "X(3,7)=NaN"
quiet "$MKMAT" "$f/D-inf.mat" "X=@$D:X" "y=@$D:y" "X(2,2)=-Inf"
quiet "$MKMAT" "$f/D-noy.mat" "X=@$D:X"
quiet "$MKMAT" "$f/D-short.mat" "X=@$D:X" "y=@$T:y"
quiet "$MKMAT" "$f/D-ymat.mat" "X=@$D:X" "y=ones(2,3)"
quiet "$MKMAT" "$f/D-char.mat" "X=@$D:X" "X:char" "y=@$D:y"
quiet "$MKMAT" "$f/D-complex.mat" "X=@$D:X" "X:complex" "y=@$D:y"
quiet "$MKMAT" "$f/D-3d.mat" "X=zeros(2,3,4)" "y=@$D:y"
quiet "$MKMAT" "$f/D-0rows.mat" "X=zeros(0,400)" "y=zeros(0,1)"
quiet "$MKMAT" "$f/D-onecls.mat" "X=@$D:X" "y=ones(200,1)"
quiet "$MKMAT" "$f/D-399.mat" "X=zeros(200,399)" "y=@$D:y"
quiet "$MKMAT" "$f/D-single.mat" "X=@$D:X" "X:single" "y=@$D:y" "y:int32"
quiet "$MKMAT" -v4 "$f/D-v4.mat" "X=@$D:X" "y=@$D:y"
quiet "$MKMAT" -v5 "$f/D-v5.mat" "X=@$D:X" "y=@$D:y"
quiet "$MKMAT" -v73 "$f/D-v73.mat" "X=@$D:X" "y=@$D:y"
head -c 3000 "$f/D-v73.mat" >"$f/D-v73-cut.mat"
head -c 100 "$D" >"$f/D-100bytes.mat"
head -c $(($(stat -c %s "$D") / 2)) "$D" >"$f/D-half.mat"
head -c 300 /dev/urandom >"$f/random.mat"
gzip -c "$D" >"$f/D-gzip.mat"
# Outputs that exist: a link to a file, a link to nowhere yet, a private file.
cp "$f/conf.csv" "$f/conf-real.csv"
ln -s conf-real.csv "$f/conf-link.csv"
ln -s W-new.mat "$f/dangling.mat"
cp "$W" "$f/private.mat" && chmod 600 "$f/private.mat"
cp "$f/conf.csv" "$f/private.csv" && chmod 640 "$f/private.csv"

# ---- eval: one clear line for each bad input -------------------------------
echo "# eval"
row 1 "empty file (0 bytes), not a MATLAB .mat file" "$W" eval --data "$f/empty.mat" --weights "$W"
row 1 "empty file (the null device)" "$W" eval --data /dev/null --weights "$W"
row 1 "a directory, not a MATLAB .mat file" "$W" eval --data "$f/dir" --weights "$W"
row 1 "a FIFO (named pipe), not a MATLAB .mat file" "$W $f/fifo" eval --data "$f/fifo" --weights "$W"
row 1 "empty.mat: empty file (0 bytes)" "$D" eval --data "$D" --weights "$f/empty.mat"
row 1 "/dev/null: empty file" "$D" eval --data "$D" --weights /dev/null
row 1 "nope.mat: cannot open: No such file or directory" "$W" eval --data "$f/nope.mat" --weights "$W"
row 2 "--data: the file name is empty" "$W" eval --data "" --weights "$W"
row 1 "Theta1 is 401×25, expected 25×401 to fit Theta2 (10×26): is Theta1 stored transposed?" "$D" \
    eval --data "$D" --weights "$f/W-t1.mat"
row 1 "Theta2 is 26×10, expected 26×26" "$D" eval --data "$D" --weights "$f/W-t2.mat"
row 1 "no variable named Theta1" "$D" eval --data "$D" --weights "$f/W-no1.mat"
row 1 "y(5) = 11, but" "$D $W" eval --data "$f/D-y11.mat" --weights "$W"
row 1 "y(2) = 2147483647, but" "$W" eval --data "$f/D-ymax.mat" --weights "$W"
row 1 "y(4) is 0, expected a whole number in 1.." "$W" eval --data "$f/D-y0.mat" --weights "$W"
row 1 "y(2) is 1.5, expected a whole number" "$W" eval --data "$f/D-yfrac.mat" --weights "$W"
row 1 "X(3,7) is NaN, expected a finite number" "$W" eval --data "$f/D-nan.mat" --weights "$W"
row 1 "X(2,2) is infinite" "$W" eval --data "$f/D-inf.mat" --weights "$W"
row 1 "no variable named y" "$W" eval --data "$f/D-noy.mat" --weights "$W"
row 1 "X has 200 rows but y has 100 labels" "$W" eval --data "$f/D-short.mat" --weights "$W"
row 1 "y is 2×3, expected a vector" "$W" eval --data "$f/D-ymat.mat" --weights "$W"
row 1 "X is a char array, expected a numeric matrix" "$W" eval --data "$f/D-char.mat" --weights "$W"
row 1 "X is complex, expected a real matrix" "$W" eval --data "$f/D-complex.mat" --weights "$W"
row 1 "X has 3 dimensions, expected a 2-D matrix" "$W" eval --data "$f/D-3d.mat" --weights "$W"
row 1 "X is empty (0×400)" "$W" eval --data "$f/D-0rows.mat" --weights "$W"
row 1 "Theta1 is 25×401, but" "$W" eval --data "$f/D-399.mat" --weights "$W"
row 1 "D-half.mat: truncated" "$W" eval --data "$f/D-half.mat" --weights "$W"
row 1 "truncated: the 128-byte MAT header is incomplete" "$W" eval --data "$f/D-100bytes.mat" --weights "$W"
row 1 "not a MATLAB .mat file, or its header is corrupt" "$W" eval --data "$f/random.mat" --weights "$W"
row 1 "a gzip-compressed file (Octave's save -zip)" "$W" eval --data "$f/D-gzip.mat" --weights "$W"
row 1 "truncated or corrupt MATLAB v7.3 (HDF5) file" "$W" eval --data "$f/D-v73-cut.mat" --weights "$W"
row 0 "accuracy:" "$f/D-v4.mat $W" eval --data "$f/D-v4.mat" --weights "$W"
row 0 "accuracy:" "$f/D-v5.mat $W" eval --data "$f/D-v5.mat" --weights "$W"
row 0 "accuracy:" "$f/D-v73.mat $W" eval --data "$f/D-v73.mat" --weights "$W"
row 0 "accuracy:" "$f/D-single.mat $W" eval --data "$f/D-single.mat" --weights "$W"
row 2 "--lambda: 'abc' is not a number" "$D $W" eval --data "$D" --weights "$W" --lambda abc

# nnwb train reads a data set its own way (y and X's shape first, then X
# straight into the kernel): each bad file is named as eval names it, as
# --data and as --test, and no weights are written
echo "# train: bad data"
rm -f "$f/new.mat"
while IFS='|' read -r phrase file; do
    row 1 "$phrase" "$W" train --data "$f/$file" --iters 2 --quiet -o "$f/new.mat"
    row 1 "$phrase" "$W $D" train --data "$D" --test "$f/$file" --iters 2 --quiet -o "$f/new.mat"
done <<'CASES'
X(3,7) is NaN, expected a finite number|D-nan.mat
X(2,2) is infinite|D-inf.mat
no variable named y|D-noy.mat
X has 200 rows but y has 100 labels|D-short.mat
y is 2×3, expected a vector|D-ymat.mat
y(4) is 0, expected a whole number in 1..|D-y0.mat
y(2) is 1.5, expected a whole number|D-yfrac.mat
X is a char array, expected a numeric matrix|D-char.mat
X is complex, expected a real matrix|D-complex.mat
X has 3 dimensions, expected a 2-D matrix|D-3d.mat
X is empty (0×400)|D-0rows.mat
D-half.mat: truncated|D-half.mat
truncated: the 128-byte MAT header is incomplete|D-100bytes.mat
not a MATLAB .mat file, or its header is corrupt|random.mat
truncated or corrupt MATLAB v7.3 (HDF5) file|D-v73-cut.mat
CASES
is_true "train: no weights written for a bad data set" [ ! -e "$f/new.mat" ]
row 1 "X has 399 columns, but" "$D" train --data "$D" --test "$f/D-399.mat" --iters 2 --quiet -o "$f/new.mat"
for v in v4 v5 v73 single; do
    row 0 "wrote $f/new-$v.mat" "$f/D-$v.mat" train --data "$f/D-$v.mat" --iters 2 --quiet -o "$f/new-$v.mat"
done

# ---- predict: its one output, --confusion -----------------------------------
echo "# predict"
row 2 "--confusion and --data name the same file" "$D" predict --data "$D" --weights "$W" --confusion "$D"
row 2 "--confusion and --weights name the same file" "$W" predict --data "$D" --weights "$W" --confusion "$W"
row 2 "are the same file" "$D $f/D-hard.mat" predict --data "$D" --weights "$W" --confusion "$f/D-hard.mat"
row 2 "are the same file" "$W $f/W-link.mat" predict --data "$D" --weights "$W" --confusion "$f/W-link.mat"
row 1 "cannot write /dev/full: a character device, not a regular file" "/dev/full $D" \
    predict --data "$D" --weights "$W" --confusion /dev/full
row 1 "cannot write $f/full-link.csv: it leads to /dev/full, a character device" "$f/full-link.csv /dev/full" \
    predict --data "$D" --weights "$W" --confusion "$f/full-link.csv"
row 1 "a directory, not a regular file" "$D" predict --data "$D" --weights "$W" --confusion "$f/dir"
row 1 "a FIFO (named pipe), not a regular file" "$f/fifo" predict --data "$D" --weights "$W" --confusion "$f/fifo"
row 2 "--confusion: the file name is empty" "$D" predict --data "$D" --weights "$W" --confusion ""
row 1 "the folder $f/nodir does not exist" "$D" predict --data "$D" --weights "$W" --confusion "$f/nodir/c.csv"
row 1 "y(5) = 11, but" "$W" predict --data "$f/D-y11.mat" --weights "$W"
row 1 "is Theta1 stored transposed?" "$D" predict --data "$D" --weights "$f/W-t1.mat"
row 1 "a directory, not a MATLAB .mat file" "$W" predict --data "$f/dir" --weights "$W"
row 0 "wrote $f/conf-link.csv" "$f/conf-link.csv $D $W" predict --data "$D" --weights "$W" --confusion "$f/conf-link.csv"
is_true "predict: --confusion through a link replaces the file it leads to (the link stays a link)" \
    eval '! cmp -s "$f/conf-real.csv" "$f/conf.csv" && grep -q "^true" "$f/conf-real.csv"'
row 0 "wrote $f/private.csv" "$D $W" predict --data "$D" --weights "$W" --confusion "$f/private.csv"
is_true "predict: an existing mode-640 file keeps its mode" [ "$(stat -c %a "$f/private.csv")" = 640 ]

# ---- train: outputs -o and --log -------------------------------------------
echo "# train"
row 2 "-o and --log name the same file, $W" "$W" train --data "$D" --quiet --log "$W" -o "$W"
row 2 "--log and --data name the same file" "$D" train --data "$D" --quiet --log "$D" -o "$f/new.mat"
row 2 "-o and --data name the same file" "$D" train --data "$D" --quiet -o "$D"
row 2 "-o and --test name the same file" "$T $D" train --data "$D" --test "$T" --quiet -o "$T"
row 2 "are the same file" "$D $f/D-hard.mat" train --data "$D" --quiet -o "$f/D-hard.mat"
row 2 "are the same file" "$W $f/W-link.mat" train --data "$D" --quiet --log "$f/W-link.mat" -o "$W"
row 2 "are the same file" "$D" train --data "$D" --quiet -o "$f/../f/new.mat" --log "$f/new.mat"
row 2 "-o: the file name is empty" "$D" train --data "$D" --quiet -o ""
row 2 "--log: the file name is empty" "$D" train --data "$D" --quiet --log "" -o "$f/new.mat"
row 1 "cannot write /dev/full: a character device, not a regular file" "/dev/full $D" \
    train --data "$D" --quiet -o /dev/full
row 1 "it leads to /dev/full" "$f/full-link.csv /dev/full" train --data "$D" --quiet --log "$f/full-link.csv" -o "$f/new.mat"
row 1 "cannot write $f/dir: a directory" "$D" train --data "$D" --quiet -o "$f/dir"
row 1 "a FIFO (named pipe), not a regular file" "$f/fifo $D" train --data "$D" --quiet -o "$f/fifo"
row 1 "a name ending in '/' is a folder" "$D" train --data "$D" --quiet -o "$f/out/"
row 1 "the folder $f/nodir does not exist" "$D" train --data "$D" --quiet -o "$f/nodir/W.mat"
row 1 "y(3) = 100001, more than the 100000 classes" "$f/D-y100001.mat" train --data "$f/D-y100001.mat" --quiet -o "$f/new.mat"
row 1 "y(2) = 2147483647, more than the 100000 classes" "$f/D-ymax.mat" train --data "$f/D-ymax.mat" --quiet -o "$f/new.mat"
row 2 "--classes: '100001' is not a whole number in 2..100000" "$D" train --data "$D" --classes 100001 --quiet -o "$f/new.mat"
row 1 "y(5) = 11 is larger than --classes 10" "$D" train --data "$f/D-y11.mat" --classes 10 --quiet -o "$f/new.mat"
row 1 "all labels are 1" "$D" train --data "$f/D-onecls.mat" --quiet -o "$f/new.mat"
row 1 "D-y11.mat: y(5) = 11, but" "$D" train --data "$D" --test "$f/D-y11.mat" --quiet -o "$f/new.mat"
row 1 "a directory, not a MATLAB .mat file" "$W" train --data "$f/dir" --quiet -o "$W"
w_before=$(sha256sum <"$W")
row 0 "wrote $f/W-link.mat" "$f/W-link.mat $D" train --data "$D" --iters 2 --quiet -o "$f/W-link.mat"
is_true "train: -o through a link replaces the weights it leads to (the link stays a link)" \
    eval '[ "$(sha256sum <"$W")" != "$w_before" ] && "$NNWB" eval --data "$D" --weights "$W" >/dev/null'
row 0 "wrote $f/dangling.mat" "$f/dangling.mat $D" train --data "$D" --iters 2 --quiet -o "$f/dangling.mat"
is_true "train: -o through a link to nowhere creates the file it names" [ -f "$f/W-new.mat" ]
row 0 "wrote $f/private.mat" "$D" train --data "$D" --iters 2 --quiet -o "$f/private.mat"
is_true "train: an existing mode-600 file keeps its mode" [ "$(stat -c %a "$f/private.mat")" = 600 ]

# ---- data mnist -----------------------------------------------------------
echo "# data"
MNIST=(mnist --per-class 2)
row 2 "-o and --images name the same file" "$f/images.gz" data "${MNIST[@]}" --images "$f/images.gz" --labels "$f/labels.gz" -o "$f/images.gz"
row 2 "-o and --labels name the same file" "$f/labels.gz" data "${MNIST[@]}" --images "$f/images.gz" --labels "$f/labels.gz" -o "$f/labels.gz"
row 1 "cut10.gz: truncated gzip file" "$f/cut10.gz" data "${MNIST[@]}" --images "$f/images.gz" --labels "$f/cut10.gz" -o "$f/new.mat"
row 1 "empty.gz: empty file (0 bytes), not an IDX image file" "$f/empty.gz" data "${MNIST[@]}" --images "$f/empty.gz" --labels "$f/labels.gz" -o "$f/new.mat"
row 1 "a directory, not an IDX label file" "$f/images.gz" data "${MNIST[@]}" --images "$f/images.gz" --labels "$f/dir" -o "$f/new.mat"
row 1 "a FIFO (named pipe), not an IDX image file" "$f/fifo" data "${MNIST[@]}" --images "$f/fifo" --labels "$f/labels.gz" -o "$f/new.mat"
row 1 "magic number 0x00000801, expected 0x00000803" "$f/labels.gz" data "${MNIST[@]}" --images "$f/labels.gz" --labels "$f/labels.gz" -o "$f/new.mat"
row 1 "cannot write /dev/full: a character device" "/dev/full" data "${MNIST[@]}" --images "$f/images.gz" --labels "$f/labels.gz" -o /dev/full
row 2 "-o: the file name is empty" "$f/images.gz" data "${MNIST[@]}" --images "$f/images.gz" --labels "$f/labels.gz" -o ""
row 0 "wrote $f/private.mat" "" data "${MNIST[@]}" --images "$f/images.gz" --labels "$f/labels.gz" -o "$f/private.mat"
is_true "data: an existing mode-600 file keeps its mode" [ "$(stat -c %a "$f/private.mat")" = 600 ]

# ---- gradcheck --csv ---------------------------------------------------------
echo "# gradcheck"
row 1 "cannot write /dev/full: a character device" "/dev/full" gradcheck --csv /dev/full
row 1 "cannot write $f/dir: a directory" "" gradcheck --csv "$f/dir"
row 1 "a FIFO (named pipe), not a regular file" "$f/fifo" gradcheck --csv "$f/fifo"
row 2 "--csv: the file name is empty" "" gradcheck --csv ""
row 0 "relative_difference" "$f/conf-link.csv" gradcheck --csv "$f/conf-link.csv"
is_true "gradcheck: --csv through a link writes where it leads" grep -q "^param,numerical" "$f/conf-real.csv"

# ---- plot -------------------------------------------------------------------
echo "# plot"
row 1 "empty.csv: empty file (0 bytes), not a log of nnwb train --log" "$f/empty.csv" plot cost --log "$f/empty.csv" -o "$f/cost.png"
row 1 "a directory, not a log of nnwb train --log" "" plot cost --log "$f/dir" -o "$f/cost.png"
row 1 "a FIFO (named pipe), not a log of nnwb train --log" "$f/fifo" plot cost --log "$f/fifo" -o "$f/cost.png"
row 1 "no data after the header line" "$f/header-only.csv" plot cost --log "$f/header-only.csv" -o "$f/cost.png"
row 1 "its first line is not" "$f/hello.csv" plot confusion --csv "$f/hello.csv" -o "$f/c.png"
row 1 "cannot write $f/dir.png: a directory" "$f/log.csv" plot cost --log "$f/log.csv" -o "$f/dir.png"
row 2 "-o and --data name the same file" "$D" plot digits --data "$D" -o "$D"
row 2 "--keep-data and --data name the same file" "$D" plot digits --data "$D" --keep-data "$D" -o "$f/d.png"
row 2 "-o and --keep-data name the same file" "$W" plot hidden --weights "$W" --keep-data "$f/h.png" -o "$f/h.png"
row 1 "is Theta1 stored transposed?" "$f/W-t1.mat" plot hidden --weights "$f/W-t1.mat" -o "$f/h.png"
row 1 "/dev/null: empty file" "" plot digits --data /dev/null -o "$f/d.png"
row 1 "y(3) = 100001, more than the 100000 classes" "$T" plot learning --data "$f/D-y100001.mat" --test "$T" -o "$f/l.csv"
row 1 "y(5) = 11, but" "$D" plot learning --data "$D" --test "$f/D-y11.mat" -o "$f/l.csv"
cp "$f/grad.csv" "$f/private.png" && chmod 600 "$f/private.png"
row 0 "wrote $f/private.png" "$f/grad.csv" plot gradcheck --csv "$f/grad.csv" -o "$f/private.png"
is_true "plot: an existing mode-600 picture keeps its mode" [ "$(stat -c %a "$f/private.png")" = 600 ]

# ---- grade: the rows about its files (the rest is tests/cli/grade.sh) -------
echo "# grade"
mkdir -p "$f/subs"
row 1 "nosubs: No such file or directory" "" grade "$f/nosubs" -o "$tmp/grade-out"
row 1 "--data $f/no-such-folder: No such file or directory" "" grade "$f/subs" -o "$tmp/grade-out" \
    --data "$f/no-such-folder"
row 1 "no ex4weights.mat there" "" grade "$f/subs" -o "$tmp/grade-out" --data "$f/subs"
row 1 "the output folder must not be inside SUBMISSIONS" "" grade "$f/subs" -o "$f/subs/out" --data ""
row 2 "SUBMISSIONS and -o OUT are required" "" grade "$f/subs"
row 2 "--student-timeout" "" grade "$f/subs" -o "$tmp/grade-out" --student-timeout 0

# ---- a full disk: a 64 KB tmpfs with (almost) no room left -----------------
echo "# full disk"
fill() { # fill KB: fill the disk, then free KB kilobytes
    rm -f "$full/filler" "$full/spare"
    [ "$1" -gt 0 ] && dd if=/dev/zero of="$full/spare" bs=1k count="$1" 2>/dev/null
    dd if=/dev/zero of="$full/filler" bs=1k 2>/dev/null
    rm -f "$full/spare"
}
mkdir -p "$full"
if [ "$(id -u)" != 0 ]; then
    echo "ok - # SKIP the full-disk rows: they mount a tmpfs, which needs root"
elif ! mount -t tmpfs -o size=64k nnwb-full "$full" 2>"$tmp/mount.err"; then
    echo "ok - # SKIP the full-disk rows: cannot mount a tmpfs ($(cat "$tmp/mount.err"))"
else
    cp "$f/small.mat" "$full/W.mat"          # old, good files the failed writes must keep
    cp "$f/small.mat" "$full/D.mat"
    cp "$f/log.csv" "$full/log.csv"
    cp "$f/conf.csv" "$full/conf.csv"
    cp "$f/grad.csv" "$full/grad.csv"
    echo "old picture" >"$full/cost.png"
    OLD="$full/W.mat $full/D.mat $full/log.csv $full/conf.csv $full/grad.csv $full/cost.png"
    fill 8 # room for part of a .mat file: matio's writes fail half-way
    row 1 "cannot write $full/W.mat: No space left on device" "$OLD $D" train --data "$D" --iters 2 --quiet -o "$full/W.mat"
    row 1 "cannot write $full/D.mat: No space left on device" "$OLD" data mnist --per-class 20 --images "$f/images.gz" --labels "$f/labels.gz" -o "$full/D.mat"
    row 1 "cannot write $full/new.mat: No space left on device" "$OLD" train --data "$D" --iters 2 --quiet -o "$full/new.mat"
    row 1 "cannot write $full/cost.png" "$OLD" plot cost --log "$f/log.csv" -o "$full/cost.png"
    fill 0 # no room at all: the CSV writers' first flush fails
    row 1 "cannot write $full/log.csv: No space left on device" "$OLD $W" train --data "$D" --iters 2 --quiet --log "$full/log.csv" -o "$f/new.mat"
    row 1 "cannot write $full/conf.csv: No space left on device" "$OLD" predict --data "$D" --weights "$W" --confusion "$full/conf.csv"
    row 1 "cannot write $full/grad.csv: No space left on device" "$OLD" gradcheck --csv "$full/grad.csv"
    row 1 "cannot write $full/d.dat: No space left on device" "$OLD" plot digits --data "$D" -o "$full/d.dat"
    is_true "full disk: nothing left beside the old files" [ -z "$(ls -A "$full" | grep -v -x -e W.mat -e D.mat -e log.csv -e conf.csv -e grad.csv -e cost.png -e filler)" ]
    umount "$full"
fi

# ---- files written by Octave, in each of its save formats --------------------
echo "# Octave's formats"
if ! command -v octave-cli >/dev/null 2>&1; then
    echo "ok - # SKIP Octave's save formats (octave-cli not installed)"
else
    octave-cli --no-gui --quiet --eval "
        d = load('$D'); X = d.X; y = double(d.y);
        formats = {'-v4', '-v6', '-v7', '-v7.3', '-text', '-binary', '-hdf5', '-zip'};
        for k = 1:numel(formats)
            try
                save(formats{k}, sprintf('$f/oct%s.mat', formats{k}), 'X', 'y');
            catch
            end
        end" >/dev/null 2>&1
    for v in -v4 -v6 -v7; do
        row 0 "accuracy:" "$f/oct$v.mat $W" eval --data "$f/oct$v.mat" --weights "$W"
    done
    if [ -s "$f/oct-v7.3.mat" ]; then
        row 0 "accuracy:" "$f/oct-v7.3.mat $W" eval --data "$f/oct-v7.3.mat" --weights "$W"
    else
        echo "ok - # SKIP save -v7.3: this Octave ($(octave-cli --version | head -1)) does not write it"
    fi
    row 1 "an Octave text file (save -text), not a MATLAB .mat file" "$f/oct-text.mat" eval --data "$f/oct-text.mat" --weights "$W"
    row 1 "an Octave binary file (save -binary)" "$f/oct-binary.mat" eval --data "$f/oct-binary.mat" --weights "$W"
    row 1 "an HDF5 file without MATLAB's header (Octave's save -hdf5)" "$f/oct-hdf5.mat" eval --data "$f/oct-hdf5.mat" --weights "$W"
    row 1 "a gzip-compressed file (Octave's save -zip)" "$f/oct-zip.mat" eval --data "$f/oct-zip.mat" --weights "$W"
fi

echo "# $rows rows"
exit $failed
