#!/bin/sh
# peers.sh - the digits20 cost+gradient evaluation in nnwb, numpy, Octave and
# PyTorch, all timed in one run on this machine, and nnwb's speed-up over each.
#
#   sh bench/peers.sh [REPS]        (run from the project root after `make`)
#
# One evaluation: J and ∇J of the course's 400-25-10 network on 5000×400
# inputs, λ = 1, double precision, the vectorized formulas of docs/FACTS.md
# (four matrix products plus elementwise work). Data: digits20.mat from
# $DATA_DIR or $NNWB_GEN_DIR when found (scipy reads it for numpy/PyTorch),
# else synthetic numbers of the same shape. Each tool reports the median of
# REPS runs (default 15) after one warm-up. A tool that is not installed is
# skipped (Debian: python3-numpy, python3-scipy, python3-torch, octave);
# /usr/bin/python3 is used, not a python3 that PATH may put first.
# Then, with the real digits20.mat only, training end to end: `nnwb train`
# with its defaults (50 CG iterations from a random start, process start to
# weights written) against the same 50 iterations in Octave (the course's
# fmincg, as tests/oracle/fmincg_oracle.m writes it) and in scipy
# (minimize(method='CG') on the numpy cost), each a whole process that reads
# the .mat file and writes its weights; the median wall time of 3 runs.
# Reported, never judged: the exit status only says whether nnwb ran.
set -u
REPS=${1:-15}
NNWB=${NNWB:-build/nnwb}
PY=/usr/bin/python3
DATA=""
for d in "${DATA_DIR:-}" "${NNWB_GEN_DIR:-}"; do
    if [ -n "$d" ] && [ -r "$d/digits20.mat" ]; then DATA="$d/digits20.mat"; break; fi
done
TMP=$(mktemp -d "${TMPDIR:-/tmp}/nnwb-peers.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT INT TERM

[ -x "$NNWB" ] || { echo "peers.sh: $NNWB not found; run make first" >&2; exit 1; }
echo "peers.sh: digits20 eval (5000×400, 25 hidden, 10 classes, λ=1), median of $REPS runs"
echo "data: ${DATA:-synthetic (digits20.mat not found in DATA_DIR or NNWB_GEN_DIR)}"
echo

# ---- nnwb -------------------------------------------------------------------
# the rows read "digits20 eval 5000×400×25, T thread(s)   MS ...": 1 thread first,
# then the kernel's default thread count (when that is more than 1)
"$NNWB" bench --digits20 --reps "$REPS" > "$TMP/nnwb.txt" || { echo "peers.sh: nnwb bench failed" >&2; exit 1; }
ms_after_threads() { awk '/^digits20 eval/ {for (i = 1; i < NF; i++) if ($i == "thread(s)") print $(i + 1)}' "$TMP/nnwb.txt"; }
NNWB_MS1=$(ms_after_threads | head -1)
NNWB_MS=$(ms_after_threads | tail -1)
NNWB_T=$(awk '/^digits20 eval/ {for (i = 1; i < NF; i++) if ($i == "thread(s)") t = $(i - 1)} END {print t}' "$TMP/nnwb.txt")
# "  the same, portable build, T thread(s)   MS ...": the build CPUs without
# AVX-512 run (only printed where the default is the AVX-512 one)
NNWB_PORTABLE=$(awk '/portable build/ {for (i = 1; i < NF; i++) if ($i == "thread(s)") ms = $(i + 1)} END {print ms}' "$TMP/nnwb.txt")

# ---- the Python peers (numpy, PyTorch) ----------------------------------------
cat > "$TMP/peer.py" <<'PYEOF'
import sys, time, statistics
import numpy as np
which, path, reps = sys.argv[1], sys.argv[2], int(sys.argv[3])
m, n, h, K, lam = 5000, 400, 25, 10, 1.0
rng = np.random.default_rng(1)
X = None
if path:
    try:
        import scipy.io
        d = scipy.io.loadmat(path)
        X, y = np.asarray(d["X"], dtype=np.float64), np.asarray(d["y"]).ravel().astype(np.int64)
    except Exception:
        X = None
if X is None:
    X, y = rng.random((m, n)), 1 + np.arange(m) % K
m = X.shape[0]
A1 = np.hstack([np.ones((m, 1)), X])
Y = np.zeros((m, K)); Y[np.arange(m), y - 1] = 1.0
T1 = rng.uniform(-0.12, 0.12, (h, n + 1)); T2 = rng.uniform(-0.12, 0.12, (K, h + 1))

def np_eval():
    z2 = A1 @ T1.T
    a2 = np.hstack([np.ones((m, 1)), 1.0 / (1.0 + np.exp(-z2))])
    hh = 1.0 / (1.0 + np.exp(-(a2 @ T2.T)))
    J = -np.sum(Y * np.log(hh) + (1 - Y) * np.log(1 - hh)) / m
    J += lam / (2 * m) * (np.sum(T1[:, 1:] ** 2) + np.sum(T2[:, 1:] ** 2))
    d3 = hh - Y
    s = a2[:, 1:]
    d2 = (d3 @ T2[:, 1:]) * s * (1 - s)
    G1 = d2.T @ A1 / m; G2 = d3.T @ a2 / m
    G1[:, 1:] += lam / m * T1[:, 1:]; G2[:, 1:] += lam / m * T2[:, 1:]
    return J, G1, G2

f = np_eval
threads = ""
if which == "torch":
    import torch
    torch.set_grad_enabled(False)
    tA1, tY, tT1, tT2 = (torch.from_numpy(a) for a in (A1, Y, T1, T2))
    ones = torch.ones((m, 1), dtype=torch.float64)
    def torch_eval():
        z2 = tA1 @ tT1.T
        a2 = torch.cat([ones, torch.sigmoid(z2)], 1)
        hh = torch.sigmoid(a2 @ tT2.T)
        J = -torch.sum(tY * torch.log(hh) + (1 - tY) * torch.log(1 - hh)) / m
        J += lam / (2 * m) * (torch.sum(tT1[:, 1:] ** 2) + torch.sum(tT2[:, 1:] ** 2))
        d3 = hh - tY
        s = a2[:, 1:]
        d2 = (d3 @ tT2[:, 1:]) * s * (1 - s)
        G1 = d2.T @ tA1 / m; G2 = d3.T @ a2 / m
        G1[:, 1:] += lam / m * tT1[:, 1:]; G2[:, 1:] += lam / m * tT2[:, 1:]
        return J, G1, G2
    f = torch_eval
    threads = " (%d thread(s))" % torch.get_num_threads()
f()
t = []
for _ in range(reps):
    t0 = time.perf_counter(); f(); t.append(time.perf_counter() - t0)
print("%.3f%s" % (1e3 * statistics.median(t), threads))
PYEOF

peer_py() { # $1: numpy or torch
    "$PY" -c "import ${2:-numpy}" 2>/dev/null || { echo "skipped (not installed)"; return; }
    "$PY" "$TMP/peer.py" "$1" "$DATA" "$REPS" 2>/dev/null || echo "failed"
}
NUMPY_MS=skipped; TORCH_MS=skipped; OCTAVE_MS=skipped
[ -x "$PY" ] && NUMPY_MS=$(peer_py numpy numpy)
[ -x "$PY" ] && TORCH_MS=$(peer_py torch torch)

# ---- Octave -------------------------------------------------------------------
if command -v octave-cli >/dev/null 2>&1; then
    cat > "$TMP/peer.m" <<'MEOF'
args = argv(); path = args{1}; reps = str2double(args{2});
m = 5000; n = 400; h = 25; K = 10; lambda = 1;
rand("seed", 1);
if !isempty(path)
  d = load(path); X = double(d.X); y = double(d.y(:));
else
  X = rand(m, n); y = 1 + mod((0:m-1)', K);
end
m = rows(X);
A1 = [ones(m, 1) X]; Y = double((1:K) == y);
T1 = (rand(h, n + 1) * 2 - 1) * 0.12; T2 = (rand(K, h + 1) * 2 - 1) * 0.12;
t = zeros(reps + 1, 1);
for r = 1:reps + 1
  tic;
  a2 = [ones(m, 1) 1 ./ (1 + exp(-A1 * T1'))];
  hh = 1 ./ (1 + exp(-a2 * T2'));
  J = -sum(sum(Y .* log(hh) + (1 - Y) .* log(1 - hh))) / m ...
      + lambda / (2 * m) * (sum(sum(T1(:, 2:end) .^ 2)) + sum(sum(T2(:, 2:end) .^ 2)));
  d3 = hh - Y; s = a2(:, 2:end);
  d2 = (d3 * T2(:, 2:end)) .* s .* (1 - s);
  G1 = d2' * A1 / m; G2 = d3' * a2 / m;
  G1(:, 2:end) += lambda / m * T1(:, 2:end); G2(:, 2:end) += lambda / m * T2(:, 2:end);
  t(r) = toc;
end
printf("%.3f\n", 1e3 * median(t(2:end)));
MEOF
    OCTAVE_MS=$(octave-cli --no-gui --quiet "$TMP/peer.m" "$DATA" "$REPS" 2>/dev/null | tail -1)
    [ -n "$OCTAVE_MS" ] || OCTAVE_MS=failed
fi

# ---- the table ----------------------------------------------------------------
ratio() { # nnwb's speed-up over $1 ms (first word), or "-"; $2: nnwb's ms (default NNWB_MS)
    echo "$1" | awk -v n="${2:-$NNWB_MS}" '$1 ~ /^[0-9.]+$/ && n > 0 {printf "%.1f×", $1 / n; exit} {print "-"}'
}
printf "%-34s %12s   %s\n" "implementation" "ms/eval" "nnwb is faster by"
printf "%-34s %12s   %s\n" "nnwb ($NNWB_T thread(s), the default)" "$NNWB_MS" ""
printf "%-34s %12s   %s\n" "nnwb (1 thread)" "$NNWB_MS1" ""
[ -n "$NNWB_PORTABLE" ] &&
    printf "%-34s %12s   %s\n" "nnwb portable build (no AVX-512)" "$NNWB_PORTABLE" "(numpy: $(ratio "$NUMPY_MS" "$NNWB_PORTABLE"))"
printf "%-34s %12s   %s\n" "numpy (OpenBLAS, default threads)" "$NUMPY_MS" "$(ratio "$NUMPY_MS")"
printf "%-34s %12s   %s\n" "Octave (default threads)" "$OCTAVE_MS" "$(ratio "$OCTAVE_MS")"
printf "%-34s %12s   %s\n" "PyTorch float64" "$TORCH_MS" "$(ratio "$TORCH_MS")"

# ---- training end to end ------------------------------------------------------
# wall NAME CMD...: the median wall seconds of 3 runs of CMD, or "failed".
wall() {
    w_name=$1 w_ts=
    shift
    for _ in 1 2 3; do
        /usr/bin/time -f "%e" -o "$TMP/$w_name.time" "$@" >/dev/null 2>"$TMP/$w_name.err" || { echo failed; return; }
        w_ts="$w_ts $(cat "$TMP/$w_name.time")"
    done
    echo $w_ts | tr ' ' '\n' | sort -n | sed -n 2p
}
if [ -n "$DATA" ] && [ -x /usr/bin/time ]; then
    echo
    echo "training end to end: 50 CG iterations on digits20 (λ=1, 25 hidden), process start to weights written"
    E2E_NNWB=$(wall nnwb "$NNWB" train --data "$DATA" --quiet -o "$TMP/nnwb-w.mat")
    E2E_OCT=skipped; E2E_SCIPY=skipped
    if command -v octave-cli >/dev/null 2>&1; then
        cat > "$TMP/train.m" <<'MEOF'
addpath(argv(){2});
d = load(argv(){1}); X = double(d.X); y = double(d.y(:)); m = rows(X); K = 10; h = 25; lambda = 1;
A1 = [ones(m, 1) X]; Y = double((1:K) == y); n1 = h * (columns(X) + 1);
e1 = sqrt(6) / sqrt(columns(X) + h); e2 = sqrt(6) / sqrt(h + K);
x = [(rand(n1, 1) * 2 - 1) * e1; (rand(K * (h + 1), 1) * 2 - 1) * e2];
function [J, g] = cost(x, A1, Y, h, K, lambda, m)
  T1 = reshape(x(1:h * columns(A1)), h, columns(A1)); T2 = reshape(x(h * columns(A1) + 1:end), K, h + 1);
  a2 = [ones(m, 1) 1 ./ (1 + exp(-A1 * T1'))]; hh = 1 ./ (1 + exp(-a2 * T2'));
  J = -sum(sum(Y .* log(hh) + (1 - Y) .* log(1 - hh))) / m ...
      + lambda / (2 * m) * (sum(sum(T1(:, 2:end) .^ 2)) + sum(sum(T2(:, 2:end) .^ 2)));
  d3 = hh - Y; s = a2(:, 2:end); d2 = (d3 * T2(:, 2:end)) .* s .* (1 - s);
  G1 = d2' * A1 / m; G2 = d3' * a2 / m;
  G1(:, 2:end) += lambda / m * T1(:, 2:end); G2(:, 2:end) += lambda / m * T2(:, 2:end);
  g = [G1(:); G2(:)];
end
x = fmincg_oracle(@(t) cost(t, A1, Y, h, K, lambda, m), x, 50);
Theta1 = reshape(x(1:n1), h, columns(A1)); Theta2 = reshape(x(n1 + 1:end), K, h + 1);
save("-v7", argv(){3}, "Theta1", "Theta2");
MEOF
        E2E_OCT=$(wall octave octave-cli --no-gui --quiet "$TMP/train.m" "$DATA" "$(pwd)/tests/oracle" "$TMP/oct-w.mat")
    fi
    if "$PY" -c "import scipy.optimize, scipy.io" 2>/dev/null; then
        cat > "$TMP/train.py" <<'PYEOF'
import sys
import numpy as np, scipy.io, scipy.optimize
d = scipy.io.loadmat(sys.argv[1])
X = np.asarray(d["X"], dtype=np.float64); y = np.asarray(d["y"]).ravel().astype(np.int64)
m, n = X.shape; h, K, lam = 25, 10, 1.0
A1 = np.hstack([np.ones((m, 1)), X]); Y = np.zeros((m, K)); Y[np.arange(m), y - 1] = 1.0
rng = np.random.default_rng(1); n1 = h * (n + 1)
x0 = np.concatenate([rng.uniform(-1, 1, n1) * np.sqrt(6 / (n + h)), rng.uniform(-1, 1, K * (h + 1)) * np.sqrt(6 / (h + K))])
def cost(x):
    T1 = x[:n1].reshape(h, n + 1); T2 = x[n1:].reshape(K, h + 1)
    a2 = np.hstack([np.ones((m, 1)), 1 / (1 + np.exp(-A1 @ T1.T))]); hh = 1 / (1 + np.exp(-a2 @ T2.T))
    J = -np.sum(Y * np.log(hh) + (1 - Y) * np.log(1 - hh)) / m + lam / (2 * m) * (np.sum(T1[:, 1:] ** 2) + np.sum(T2[:, 1:] ** 2))
    d3 = hh - Y; s = a2[:, 1:]; d2 = (d3 @ T2[:, 1:]) * s * (1 - s)
    G1 = d2.T @ A1 / m; G2 = d3.T @ a2 / m
    G1[:, 1:] += lam / m * T1[:, 1:]; G2[:, 1:] += lam / m * T2[:, 1:]
    return J, np.concatenate([G1.ravel(), G2.ravel()])
r = scipy.optimize.minimize(cost, x0, jac=True, method="CG", options={"maxiter": 50})
scipy.io.savemat(sys.argv[2], {"Theta1": r.x[:n1].reshape(h, n + 1), "Theta2": r.x[n1:].reshape(K, h + 1)})
PYEOF
        E2E_SCIPY=$(wall scipy "$PY" "$TMP/train.py" "$DATA" "$TMP/scipy-w.mat")
    fi
    sec_ratio() { echo "$1" | awk -v n="$E2E_NNWB" '$1 ~ /^[0-9.]+$/ && n > 0 {printf "%.1f×", $1 / n; exit} {print "-"}'; }
    printf "%-34s %12s   %s\n" "implementation" "s end to end" "nnwb is faster by"
    printf "%-34s %12s   %s\n" "nnwb train (defaults)" "$E2E_NNWB" ""
    printf "%-34s %12s   %s\n" "Octave fmincg, vectorized cost" "$E2E_OCT" "$(sec_ratio "$E2E_OCT")"
    printf "%-34s %12s   %s\n" "scipy CG, numpy cost" "$E2E_SCIPY" "$(sec_ratio "$E2E_SCIPY")"
fi
[ -n "$NNWB_MS" ]
