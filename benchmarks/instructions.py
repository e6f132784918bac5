"""Machine instructions per generated problem: a figure that the machine's load cannot move.

The wall-clock benchmarks (``generate.py``) depend on how fast this shared machine is at
the moment: on 2026-12-01 the same code ran at 1,953 problems/s in the morning and
at 830–1,060/s an hour later, with the NumPy-only loop slowing by the same factor. To
tell whether a change to nnquiz made generation cheaper, count instead what the
processor is asked to do: valgrind's cachegrind counts the instructions of

    nnquiz generate backprop --difficulty medium --count N --format json --jobs 1

for two counts and prints the difference per problem (start-up cancels out). It runs
under valgrind about 50 times slower than natively (a minute or so). Repeated runs agree
to about 1 % (the garbage collector and memory layout vary a little).

    python benchmarks/instructions.py [--family backprop] [--difficulty medium] [--count 400]
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys

from _common import NNQUIZ, ROOT, check_output, compile_bytecode, env

FEW = 20
# BLAS threads that wait for work spin, and their spinning would be counted
SINGLE_THREADED = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def instructions(family: str, difficulty: str, count: int) -> int:
    args = ["generate", family, "--difficulty", difficulty, "--count", str(count)]
    args += ["--format", "json", "--seed", "0", "--jobs", "1"]
    # setarch -R: the same memory layout every run (fewer differences between runs)
    cmd = ["setarch", "-R"] if shutil.which("setarch") else []
    cmd += ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null"]
    r = subprocess.run(
        [*cmd, *NNQUIZ, *args],
        env={**env(), "PYTHONHASHSEED": "0", **SINGLE_THREADED},
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    m = re.search(r"I\s+refs:\s+([\d,]+)", r.stderr)
    if r.returncode != 0 or not m:
        sys.exit(f"valgrind nnquiz {' '.join(args)} failed ({r.returncode}): {r.stderr[-500:]}")
    return int(m.group(1).replace(",", ""))


def main() -> None:
    compile_bytecode()
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--family", default="backprop")
    ap.add_argument("--difficulty", default="medium")
    ap.add_argument("--count", type=int, default=400, help="problems timed (default 400)")
    a = ap.parse_args()
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is not installed (Debian: apt-get install valgrind)")
    # a run first, outside valgrind, so that neither counted run imports for the first time
    # (the .pyc files themselves are written by _common, as an installed copy has them)
    check_output([*NNQUIZ, "generate", a.family, "--difficulty", a.difficulty], "nnquiz generate")
    few = instructions(a.family, a.difficulty, FEW)
    many = instructions(a.family, a.difficulty, FEW + a.count)
    per = (many - few) / a.count
    print(
        f"nnquiz generate {a.family} --difficulty {a.difficulty} --format json --jobs 1:\n"
        f"  {per / 1e6:.2f} million instructions per problem "
        f"(seeds {FEW}–{FEW + a.count - 1}; start-up: {(few - FEW * per) / 1e6:.0f} million)"
    )


if __name__ == "__main__":
    main()
