#!/usr/bin/env bash
# report_sklearn.sh - `nnwb predict --report` and `--confusion` against
# scikit-learn: the report must be the very text of
# sklearn.metrics.classification_report, and the matrix the values of
# sklearn.metrics.confusion_matrix, for predictions that numpy computes on its
# own (a plain forward pass, argmax of the outputs).
#
# Needs /usr/bin/python3 with sklearn, numpy and scipy (Debian's
# python3-sklearn); prints "skip" and exits 0 without them. Prints
# "ok - ..." / "not ok - ..." per case and exits non-zero if any failed.
#
# Environment: BUILD (default build), DATA_DIR / NNWB_GEN_DIR (optional: with
# ex4weights.mat and digits20-test.mat the provided weights are checked on the
# held-out digits too; the synthetic cases need no data).
set -u

. "$(dirname "$0")/common.bash"
PY=/usr/bin/python3

if ! [ -x "$PY" ] || ! "$PY" -c 'import sklearn, numpy, scipy.io' 2>/dev/null; then
    echo "skip - report_sklearn.sh: $PY has no sklearn/numpy/scipy (apt-get install python3-sklearn)"
    exit 0
fi
need_nnwb
scratch report

# sklearn_report DATA WEIGHTS DIGITS OUT_REPORT OUT_MATRIX: what scikit-learn
# says about numpy's predictions (classes named as nnwb names them: with 10
# classes label 10 is "0").
sklearn_report() {
    "$PY" - "$@" <<'EOF'
import sys
import numpy as np, scipy.io
from sklearn.metrics import classification_report, confusion_matrix
data, weights, digits, out_report, out_matrix = sys.argv[1:6]
D = scipy.io.loadmat(data); W = scipy.io.loadmat(weights)
X = np.asarray(D["X"], dtype=float); y = np.asarray(D["y"]).ravel().astype(int)
T1 = np.asarray(W["Theta1"], dtype=float); T2 = np.asarray(W["Theta2"], dtype=float)
K = T2.shape[0]
sig = lambda z: 1.0 / (1.0 + np.exp(-z))
a2 = sig(np.hstack([np.ones((X.shape[0], 1)), X]) @ T1.T)
h = sig(np.hstack([np.ones((X.shape[0], 1)), a2]) @ T2.T)
pred = np.argmax(h, axis=1) + 1
name = (lambda c: np.where(c == 10, 0, c)) if K == 10 else (lambda c: c)
yt, yp = name(y), name(pred)
with open(out_report, "w") as f:
    f.write(classification_report(yt, yp, digits=int(digits), zero_division=0))
labels = sorted(set(name(np.arange(1, K + 1)).tolist()))
cm = confusion_matrix(yt, yp, labels=labels)
with open(out_matrix, "w") as f:
    f.write("true\\predicted," + ",".join(str(l) for l in labels) + "\n")
    for l, row in zip(labels, cm):
        f.write(str(l) + "," + ",".join(str(v) for v in row) + "\n")
print("%.6f" % np.mean(pred == y))
EOF
}

# check NAME DATA WEIGHTS DIGITS: nnwb's report and matrix against sklearn's.
check() {
    local name=$1 data=$2 weights=$3 digits=$4 acc out
    if ! acc=$(sklearn_report "$data" "$weights" "$digits" "$tmp/want.txt" "$tmp/want.csv"); then
        not_ok "$name: python failed"
        return
    fi
    if ! out=$("$NNWB" predict --data "$data" --weights "$weights" --report --digits "$digits" \
        --confusion "$tmp/got.csv" 2>&1); then
        not_ok "$name: nnwb predict failed: $out"
        return
    fi
    # the report: from the header line (the one with "precision") to the weighted average
    echo "$out" | sed -n '/precision/,/^weighted avg/p' >"$tmp/got.txt"
    if diff -u "$tmp/want.txt" "$tmp/got.txt" >"$tmp/diff.txt"; then
        ok "$name: --report is sklearn's classification_report (digits $digits)"
    else
        not_ok "$name: --report differs from sklearn's classification_report"
        sed 's/^/    /' "$tmp/diff.txt"
    fi
    if diff -u "$tmp/want.csv" "$tmp/got.csv" >"$tmp/diff.txt"; then
        ok "$name: --confusion is sklearn's confusion_matrix"
    else
        not_ok "$name: --confusion differs from sklearn's confusion_matrix"
        sed 's/^/    /' "$tmp/diff.txt"
    fi
    if echo "$out" | grep -q "^accuracy: $acc "; then
        ok "$name: accuracy $acc"
    else
        not_ok "$name: accuracy line '$(echo "$out" | grep '^accuracy')', numpy says $acc"
    fi
}

# ---- synthetic networks: no data needed ---------------------------------
# K = 4: labels 1..4, one class never predicted (zero precision), uneven
# supports. K = 10: the digit names, with label 10 shown as "0".
"$PY" - "$tmp" <<'EOF'
import sys
import numpy as np, scipy.io
d = sys.argv[1]
rng = np.random.default_rng(7)
for K, m, n, h in ((4, 97, 5, 6), (10, 300, 8, 12)):
    X = rng.normal(size=(m, n))
    T1 = rng.normal(scale=0.8, size=(h, n + 1))
    T2 = rng.normal(scale=0.8, size=(K, h + 1))
    if K == 4:
        T2[2, 0] = -30.0          # class 3 is never predicted
        y = 1 + (np.arange(m) * 7 % 11) % K
    else:
        y = 1 + np.argmax(X[:, :1] * np.arange(1, K + 1) + rng.normal(size=(m, K)), axis=1)
    scipy.io.savemat(f"{d}/syn{K}.mat", {"X": X, "y": y.reshape(-1, 1).astype(np.uint8)})
    scipy.io.savemat(f"{d}/w{K}.mat", {"Theta1": T1, "Theta2": T2})
EOF
check "synthetic K=4" "$tmp/syn4.mat" "$tmp/w4.mat" 2
check "synthetic K=4" "$tmp/syn4.mat" "$tmp/w4.mat" 4
check "synthetic K=10" "$tmp/syn10.mat" "$tmp/w10.mat" 3

# ---- the provided weights on the held-out digits --------------------------
w=$(data_path ex4weights.mat)
t=$(data_path digits20-test.mat)
if [ -n "$w" ] && [ -n "$t" ]; then
    check "ex4weights on digits20-test" "$t" "$w" 2
    check "ex4weights on digits20-test" "$t" "$w" 5
else
    echo "skip - ex4weights.mat or digits20-test.mat not in DATA_DIR/NNWB_GEN_DIR"
fi

exit $failed
