"""Machine instructions per generated problem: a figure that the machine's load cannot move.

The wall-clock benchmarks (``generate.py``) depend on how fast this shared machine is at
the moment: on 2026-12-01 the same code ran at 1,953 problems/s in the morning and
at 830–1,060/s an hour later, with the NumPy-only loop slowing by the same factor. To
tell whether a change to nnquiz made generation cheaper, count instead what the
processor is asked to do: valgrind's cachegrind counts the instructions of

    nnquiz generate backprop --difficulty medium --count N --format json --jobs 1

for two counts and prints the difference per problem (start-up cancels out). It runs
under valgrind about 50 times slower than natively (a minute or so a count). Repeated
runs agree to about 1 % (the garbage collector and memory layout vary a little).

Three counts, in one run: this checkout; this checkout with the problems' figures left
out (what drawing them costs, issue 15's budget being 10 %); and nnquiz at ``--baseline``
(default: main's code before figures, the commit before ``nnquiz/figures/`` was added;
``--baseline none`` skips it), which the figures must not make slower.

    python benchmarks/instructions.py [--family backprop] [--difficulty medium]
        [--count 400] [--baseline REV|none]
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from _common import NNQUIZ, NO_FIGURES, ROOT, baseline, check_output, compile_bytecode, env

FEW = 20
# BLAS threads that wait for work spin, and their spinning would be counted
SINGLE_THREADED = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def instructions(family: str, difficulty: str, count: int, command, root: Path) -> int:
    args = ["generate", family, "--difficulty", difficulty, "--count", str(count)]
    args += ["--format", "json", "--seed", "0", "--jobs", "1"]
    return cachegrind([*command, *args], root)


def cachegrind(argv: list[str], root: Path) -> int:
    """The instructions valgrind's cachegrind counts for running ``argv`` in ``root``."""
    # setarch -R: the same memory layout every run (fewer differences between runs)
    cmd = ["setarch", "-R"] if shutil.which("setarch") else []
    cmd += ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null"]
    r = subprocess.run(
        [*cmd, *argv],
        env={**env(root), "PYTHONHASHSEED": "0", **SINGLE_THREADED},
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    m = re.search(r"I\s+refs:\s+([\d,]+)", r.stderr)
    if r.returncode != 0 or not m:
        sys.exit(f"valgrind {' '.join(argv[-9:])} failed ({r.returncode}): {r.stderr[-500:]}")
    return int(m.group(1).replace(",", ""))


def per_problem(a, command, root: Path) -> tuple[float, float]:
    """(instructions per problem, start-up instructions) of one way of running nnquiz."""
    # a run first, outside valgrind, so that neither counted run imports for the first time
    # (the .pyc files themselves are written by compile_bytecode, as an installed copy has)
    check_output([*command, "generate", a.family, "--difficulty", a.difficulty], "nnquiz", root)
    few = instructions(a.family, a.difficulty, FEW, command, root)
    many = instructions(a.family, a.difficulty, FEW + a.count, command, root)
    per = (many - few) / a.count
    return per, few - FEW * per


def main() -> None:
    compile_bytecode()
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--family", default="backprop")
    ap.add_argument("--difficulty", default="medium")
    ap.add_argument("--count", type=int, default=400, help="problems counted (default 400)")
    ap.add_argument("--baseline", default=None, help="a git revision, or none")
    a = ap.parse_args()
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is not installed (Debian: apt-get install valgrind)")
    print(
        f"nnquiz generate {a.family} --difficulty {a.difficulty} --format json --jobs 1 "
        f"(seeds {FEW}–{FEW + a.count - 1}), million instructions per problem:"
    )
    ours, start = per_problem(a, NNQUIZ, ROOT)
    print(f"  this checkout:          {ours / 1e6:6.3f}  (start-up: {start / 1e6:.0f} million)")
    bare, _ = per_problem(a, NO_FIGURES, ROOT)
    print(f"  without its figures:    {bare / 1e6:6.3f}")
    print(f"  the figures cost:       {(ours - bare) / 1e6:6.3f}  = {ours / bare - 1:+.1%}")
    if a.baseline != "none":
        with tempfile.TemporaryDirectory() as tmp:
            root, name = baseline(a.baseline, Path(tmp))
            base, _ = per_problem(a, NNQUIZ, root)
        print(f"  baseline {name}:{' ' * max(1, 14 - len(name))}{base / 1e6:6.3f}")
        print(f"  this checkout against the baseline: {ours / base - 1:+.1%}")


if __name__ == "__main__":
    main()
