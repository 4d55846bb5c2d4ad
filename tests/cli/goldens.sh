#!/usr/bin/env bash
# goldens.sh - the committed expected values still come from the oracle: runs
# tests/oracle/make_goldens.m and make_goldens_train.m (plain Octave, no C
# code) into a scratch folder and compares their headers with the committed
# tests/oracle/goldens.h and goldens_train.h numerically
# (tests/oracle/compare_goldens.py): single evaluations within 1e-12
# relative, the conjugate gradient's trajectories within 1e-6 over the
# iterations both runs have. Their last digits depend on the BLAS Octave
# runs on, so a byte comparison would fail on other machines. A difference
# beyond that means a golden was edited by hand, or the oracle changed
# without `make goldens`.
# Needs octave-cli and DATA_DIR with ex4weights.mat and mnist/ (the headers'
# data groups); skips otherwise.
set -u

. "$(dirname "$0")/common.bash"
if ! command -v octave-cli >/dev/null 2>&1; then
    echo "skip - octave-cli not installed (apt-get install octave): the goldens are not regenerated"
    exit 0
fi
d=${DATA_DIR:-}
if [ -z "$d" ] || [ ! -f "$d/ex4weights.mat" ] || [ ! -f "$d/mnist/t10k-images-idx3-ubyte.gz" ] ||
    [ ! -f "$d/mnist/t10k-labels-idx1-ubyte.gz" ]; then
    echo "skip - DATA_DIR has no ex4weights.mat and mnist/: the goldens' data groups cannot be rebuilt"
    exit 0
fi
scratch goldens

# same NAME COMMITTED REBUILT
same() {
    local summary
    if summary=$(python3 tests/oracle/compare_goldens.py "$2" "$3" 1e-12 1e-6); then
        ok "$1 rebuilt by the Octave oracle agrees with the committed one: $(echo "$summary" | tail -n 1)"
    else
        not_ok "$1 differs from what the Octave oracle writes now (run make goldens / goldens-train):"
        echo "$summary" | head -n 10 | sed 's/^/    /'
    fi
}
if octave-cli --no-gui --quiet tests/oracle/make_goldens.m "$d" "$tmp/goldens.h" >"$tmp/g.log" 2>&1; then
    same goldens.h tests/oracle/goldens.h "$tmp/goldens.h"
else
    not_ok "make_goldens.m failed: $(tail -n 1 "$tmp/g.log")"
fi
if octave-cli --no-gui --quiet tests/oracle/make_goldens_train.m "$tmp/goldens_train.h" "$d" >"$tmp/t.log" 2>&1; then
    same goldens_train.h tests/oracle/goldens_train.h "$tmp/goldens_train.h"
else
    not_ok "make_goldens_train.m failed: $(tail -n 1 "$tmp/t.log")"
fi
exit $failed
