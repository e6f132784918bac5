"""Instructions per problem for several families, rendered or made for grading, beside
another commit's: what a change to generation saved, family by family.

``instructions.py`` counts ``nnquiz generate backprop --format json``; this script counts
the same for each family asked (``--homework``: the ten of benchmarks/homework.py), in
one of three modes, for this checkout and, with ``--base REV``, for nnquiz at REV (its
``nnquiz`` folder unpacked from git into a temporary folder), in the same run:

- ``json``: ``nnquiz generate FAMILY --format json --jobs 1`` (statement and solution);
- ``grading``: ``registry.generate(FAMILY, seed, render=False)`` in a loop, what
  ``nnquiz grade`` and ``check`` make (answers and mistakes, no text);
- ``html``: each problem generated, then its statement, prompts and solution as the
  homework sheets and key write them (``render.mathml``).

Each figure is the difference of two counts (seeds 0–19, and 0 to 19 + COUNT) over
COUNT, so start-up cancels out; valgrind runs about 50 times slower than natively.

    python benchmarks/instructions_mix.py [--family F ...] [--homework]
        [--mode json|grading|html] [--difficulty medium] [--count 200] [--base REV]
"""

from __future__ import annotations

import argparse
import compileall
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from _common import ROOT, compile_bytecode, env, load
from instructions import cachegrind

FEW = 20
HOMEWORK = (  # benchmarks/homework.py's assignment
    "forward backprop softmax cross_entropy bce activation_derivative sgd fgsm "
    "count_params regularization"
).split()
CLI = "import sys; from nnquiz.cli import main; sys.exit(main())"
# seeds 0 … COUNT-1 of FAMILY at DIFFICULTY, in MODE (grading or html)
LOOP = """
import sys
from nnquiz.problems import registry
from nnquiz.render import mathml
family, difficulty, count, mode = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
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
    return [sys.executable, "-c", CLI, *args, "--format", "json", "--seed", "0", "--jobs", "1"]


def instructions(args: list[str], root: Path) -> int:
    return cachegrind(args, root)


def per_problem(family: str, a: argparse.Namespace, root: Path) -> float:
    """Million instructions per problem of ``family`` in mode ``a.mode``, nnquiz at ``root``."""
    # a run first, outside valgrind: neither counted run imports anything for the first time
    first = subprocess.run(
        command(family, a.difficulty, 1, a.mode), env=env(root), cwd=root, capture_output=True
    )
    if first.returncode != 0:
        sys.exit(f"{family} ({a.mode}) failed in {root}: {first.stderr.decode()[-500:]}")
    few = instructions(command(family, a.difficulty, FEW, a.mode), root)
    many = instructions(command(family, a.difficulty, FEW + a.count, a.mode), root)
    return (many - few) / a.count / 1e6


def unpack(rev: str, folder: Path) -> Path:
    """nnquiz at ``rev`` in ``folder`` (its bytecode written, as an installed copy has it)."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", rev, "nnquiz"], capture_output=True, check=True
    )
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)
    compileall.compile_dir(folder / "nnquiz", quiet=1)
    return folder


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--family", action="append", help="a family (repeat; default backprop)")
    ap.add_argument("--homework", action="store_true", help="the ten families of homework.py")
    ap.add_argument("--mode", choices=("json", "grading", "html"), default="json")
    ap.add_argument("--difficulty", default="medium")
    ap.add_argument("--count", type=int, default=200, help="problems counted (default 200)")
    ap.add_argument("--base", help="a commit to count beside this checkout (git archive)")
    a = ap.parse_args()
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is not installed (Debian: apt-get install valgrind)")
    compile_bytecode()
    names = [*(a.family or ()), *(HOMEWORK if a.homework else ())] or ["backprop"]
    print(
        f"million instructions per problem, {a.mode}, --difficulty {a.difficulty}, "
        f"seeds {FEW}–{FEW + a.count - 1} ({load()} at the start)"
    )
    with tempfile.TemporaryDirectory(prefix="nnquiz-mix-") as tmp:
        base = unpack(a.base, Path(tmp)) if a.base else None
        print(f"  {'family':22} {'this':>7}" + (f" {a.base[:10]:>10}  change" if base else ""))
        for family in names:
            mine = per_problem(family, a, ROOT)
            line = f"  {family:22} {mine:7.3f}"
            if base is not None:
                theirs = per_problem(family, a, base)
                line += f" {theirs:10.3f}  {100 * (mine - theirs) / theirs:+6.1f} %"
            print(line, flush=True)


if __name__ == "__main__":
    main()
