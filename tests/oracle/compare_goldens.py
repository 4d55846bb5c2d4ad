#!/usr/bin/env python3
"""compare_goldens.py - compare two golden headers numerically.

    python3 tests/oracle/compare_goldens.py COMMITTED REBUILT TOL [TRAIN_TOL]

Every `GOLD type NAME = value;`, `GOLD type NAME[] = {...};` and `#define NAME
number` of COMMITTED must be in REBUILT with the same numbers: integers
exactly, doubles within TOL relative (|a - b| <= TOL * max(|a|, |b|, 1e-300)
plus an absolute 1e-300 for zeros). The last digits of a double depend on the
BLAS build that Octave runs on, which is why this is not a byte comparison.

Training trajectories (names with COSTS or THETA, from the conjugate
gradient) are compared within TRAIN_TOL (default 1e-6): a line search on
another BLAS may take a different number of evaluations, so a trajectory is
compared over the iterations both have. Prints one line per name that
differs and a summary; exits 1 on any difference.
"""
import re
import sys


def parse(path):
    text = open(path, encoding="utf-8").read()
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    out = {}
    for m in re.finditer(r"GOLD\s+(\w+)\s+(\w+)\s*(\[\s*\])?\s*=\s*(\{.*?\}|[^;{]+);", text, flags=re.S):
        kind, name, body = m.group(1), m.group(2), m.group(4)
        nums = re.findall(r"[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?", body)
        out[name] = (kind, [float(x) for x in nums])
    for m in re.finditer(r"^#define\s+(\w+)\s+([-+]?[\d.eE+-]+)\s*$", text, flags=re.M):
        out[m.group(1)] = ("define", [float(m.group(2))])
    return out


def main():
    committed, rebuilt, tol = sys.argv[1], sys.argv[2], float(sys.argv[3])
    train_tol = float(sys.argv[4]) if len(sys.argv) > 4 else 1e-6
    a, b = parse(committed), parse(rebuilt)
    bad = 0
    count = 0
    for name, (kind, va) in a.items():
        if name not in b:
            print(f"{name}: missing from the rebuilt header")
            bad += 1
            continue
        vb = b[name][1]
        trajectory = "COSTS" in name or "THETA" in name or "TRAIN" in name
        t = train_tol if trajectory else tol
        exact = kind in ("int", "define", "gold_entry") and all(float(x).is_integer() for x in va)
        if len(va) != len(vb) and not ("COSTS" in name):
            print(f"{name}: {len(va)} values committed, {len(vb)} rebuilt")
            bad += 1
            continue
        n = min(len(va), len(vb))
        for k in range(n):
            x, y = va[k], vb[k]
            ok = x == y if exact and kind != "gold_entry" else abs(x - y) <= t * max(abs(x), abs(y)) + 1e-300
            count += 1
            if not ok:
                print(f"{name}[{k}]: committed {x!r}, rebuilt {y!r} (tolerance {t:g} relative)")
                bad += 1
                break
    print(f"{len(a)} names, {count} numbers compared, {bad} differ")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
