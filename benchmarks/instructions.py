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

``--family`` may be repeated (or ``--homework``: the ten families of benchmarks/homework.py),
one line each. ``--mode`` says what is counted for each problem:

- ``json`` (default): the command line above, statement and worked solution included;
- ``grading``: ``registry.generate(..., render=False)`` in a loop, what ``nnquiz grade``
  and ``check`` make (answers and mistakes, no text);
- ``html``: the JSON's problem and its HTML as the homework sheets and key write it
  (``render.mathml``: statement, prompts, solution).

    python benchmarks/instructions.py [--family backprop ...] [--homework] [--mode json]
        [--difficulty medium] [--count 400]
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


HOMEWORK = (  # benchmarks/homework.py's assignment
    "forward backprop softmax cross_entropy bce activation_derivative sgd fgsm "
    "count_params regularization"
).split()

# A loop over seeds 0 … COUNT-1 for modes other than json: FAMILY DIFFICULTY COUNT MODE
LOOP = """
import sys
from nnquiz.problems import registry
family, difficulty, count, mode = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
if mode == "html":
    from nnquiz.render import mathml
for seed in range(count):
    if mode == "grading":
        registry.generate(family, seed, difficulty, render=False)
        continue
    p = registry.generate(family, seed, difficulty)
    mathml.to_html(p.question_latex)
    for part in p.parts:
        mathml.inline_html(part.prompt_latex or part.prompt, displaystyle=True)
    mathml.to_html(p.solution_latex)
"""


def command(family: str, difficulty: str, count: int, mode: str) -> list[str]:
    if mode != "json":
        return [sys.executable, "-c", LOOP, family, difficulty, str(count), mode]
    args = ["generate", family, "--difficulty", difficulty, "--count", str(count)]
    return [*NNQUIZ, *args, "--format", "json", "--seed", "0", "--jobs", "1"]


def instructions(family: str, difficulty: str, count: int, mode: str = "json") -> int:
    args = command(family, difficulty, count, mode)
    # setarch -R: the same memory layout every run (fewer differences between runs)
    cmd = ["setarch", "-R"] if shutil.which("setarch") else []
    cmd += ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null"]
    r = subprocess.run(
        [*cmd, *args],
        env={**env(), "PYTHONHASHSEED": "0", **SINGLE_THREADED},
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    m = re.search(r"I\s+refs:\s+([\d,]+)", r.stderr)
    if r.returncode != 0 or not m:
        sys.exit(f"valgrind {' '.join(args[-6:])} failed ({r.returncode}): {r.stderr[-500:]}")
    return int(m.group(1).replace(",", ""))


def main() -> None:
    compile_bytecode()
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--family", action="append", help="repeat for several (default backprop)")
    ap.add_argument("--homework", action="store_true", help="the ten families of homework.py")
    ap.add_argument("--mode", choices=("json", "grading", "html"), default="json")
    ap.add_argument("--difficulty", default="medium")
    ap.add_argument("--count", type=int, default=400, help="problems counted (default 400)")
    a = ap.parse_args()
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is not installed (Debian: apt-get install valgrind)")
    names = [*(a.family or ()), *(HOMEWORK if a.homework else ())] or ["backprop"]
    what = {
        "json": "nnquiz generate FAMILY --format json --jobs 1",
        "grading": "registry.generate(FAMILY, seed, render=False)",
        "html": "generate, then the statement, prompts and solution as HTML (render.mathml)",
    }[a.mode]
    print(f"{what}, --difficulty {a.difficulty}, seeds {FEW}–{FEW + a.count - 1}:")
    for family in names:
        # a run first, outside valgrind, so that neither counted run imports for the first
        # time (the .pyc files themselves are written by _common, as an installed copy has)
        check_output(command(family, a.difficulty, 1, a.mode), f"{family} ({a.mode})")
        few = instructions(family, a.difficulty, FEW, a.mode)
        many = instructions(family, a.difficulty, FEW + a.count, a.mode)
        per = (many - few) / a.count
        print(
            f"  {family:22} {per / 1e6:6.2f} million instructions per problem "
            f"(start-up: {(few - FEW * per) / 1e6:.0f} million)",
            flush=True,
        )


if __name__ == "__main__":
    main()
