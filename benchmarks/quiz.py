"""Online quiz exports: a 7-question assignment with 50 variants of each question, for
Canvas, Moodle and PrairieLearn (target: each under 5 s).

Run from the repository root: ``python benchmarks/quiz.py [VARIANTS]``. Each export runs
the real command line (``python -m nnquiz quiz``, start-up included) in a temporary
folder; the wall time, the CPU time (its own and its worker processes') and the size of
what it wrote are printed, with the load average: on a machine shared with other work,
the CPU time is the steadier figure.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import compile_bytecode

ROOT = Path(__file__).resolve().parent.parent

QUESTIONS = [  # the heavy network families, at the difficulty a quiz would use
    ("forward", "medium"),
    ("backprop", "medium"),
    ("softmax", "medium"),
    ("cross_entropy", "medium"),
    ("sgd", "medium"),
    ("fgsm", "medium"),
    ("regularization", "hard"),
]
TARGETS = {"canvas": "quiz.zip", "moodle": "quiz.xml", "prairielearn": "questions"}


def size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def cpu() -> float:
    me = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime


def main() -> None:
    variants = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    compile_bytecode()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        lines = ['title = "Benchmark quiz"', 'secret = "benchmark-secret"', ""]
        for family, difficulty in QUESTIONS:
            lines += ["[[questions]]", f'family = "{family}"', f'difficulty = "{difficulty}"', ""]
        (folder / "quiz.toml").write_text("\n".join(lines), encoding="utf-8")
        print(
            f"{len(QUESTIONS)} questions x {variants} variants; "
            f"load average {os.getloadavg()[0]:.1f}"
        )
        for to, name in TARGETS.items():
            out = folder / name
            args = [sys.executable, "-m", "nnquiz", "quiz", str(folder / "quiz.toml")]
            args += ["--to", to, "--variants", str(variants), "--out", str(out)]
            before, start = cpu(), time.perf_counter()
            subprocess.run(args, check=True, env=env, capture_output=True)
            wall, used = time.perf_counter() - start, cpu() - before
            verdict = "meets" if wall < 5 else "MISSES"
            print(
                f"{to:>13}: {wall:5.2f} s wall, {used:5.2f} s CPU, "
                f"{size(out) / 1e6:5.1f} MB ({verdict} the 5 s target)"
            )


if __name__ == "__main__":
    main()
