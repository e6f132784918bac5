"""Homework at class scale: sheets and key for 1,000 students × 10 questions, then grading
a full submissions file (targets: under 10 s and under 5 s).

Run from the repository root: ``python benchmarks/homework.py [STUDENTS] [--light]``.
Both steps run the real command line (``python -m nnquiz``, start-up included) in a
temporary folder. The submissions file answers every part of every question: most
answers right, some wrong, a few unreadable, as a real class would.

The default assignment is network-heavy (forward, backprop, sgd, fgsm: the families
that cost most to generate); ``--light`` uses ten cheaper families. ``grade`` runs
three ways: regenerating the problems, regenerating them with feedback pages, and
reading them from the key. Besides the wall time, each step's CPU time (its own and
its worker processes') is printed, with the main process's share: on a machine shared
with other work, CPU time is the steadier figure, and the main process's share tells
whether it (one process, while the workers share the cores) is the bottleneck.
"""

from __future__ import annotations

import csv
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import compile_bytecode

ROOT = Path(__file__).resolve().parent.parent

QUESTIONS = [
    ("forward", "medium", 10),
    ("backprop", "medium", 15),
    ("softmax", "medium", 5),
    ("cross_entropy", "medium", 10),
    ("bce", "medium", 10),
    ("activation_derivative", "medium", 5),
    ("sgd", "medium", 15),
    ("fgsm", "medium", 10),
    ("count_params", "medium", 10),
    ("regularization", "medium", 10),
]
LIGHT = [
    ("neuron", "medium", 10),
    ("activation_derivative", "medium", 10),
    ("softmax", "medium", 10),
    ("cross_entropy", "medium", 10),
    ("bce", "medium", 10),
    ("count_params", "medium", 10),
    ("lr_schedule", "medium", 10),
    ("regularization", "medium", 10),
    ("dropout", "medium", 10),
    ("perceptron", "medium", 10),
]


def write_inputs(folder: Path, students: int, questions=QUESTIONS) -> tuple[Path, Path]:
    assignment = folder / "hw.toml"
    lines = ['title = "Benchmark"', 'secret = "benchmark-secret"', ""]
    for family, difficulty, points in questions:
        lines += ["[[questions]]", f'family = "{family}"', f'difficulty = "{difficulty}"']
        lines += [f"points = {points}", ""]
    assignment.write_text("\n".join(lines), encoding="utf-8")
    roster = folder / "roster.csv"
    rows = ["student_id,name"] + [f"s{k:05d},Student {k}" for k in range(students)]
    roster.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return assignment, roster


def write_submissions(key: Path, out: Path) -> int:
    """One row per part for every student and question, from the key."""
    count = 0
    with key.open(encoding="utf-8") as lines, out.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["student_id", "question", "answer"])
        for k, line in enumerate(lines):
            row = json.loads(line)
            parts = row["problem"]["parts"]
            for p in parts:
                q = f"{row['question']}{p['label']}" if len(parts) > 1 else str(row["question"])
                w.writerow([row["student_id"], q, _answer(p["answer"], k)])
                count += 1
    return count


def _answer(answer, k: int) -> str:
    if k % 13 == 0:
        return "ln(("  # unreadable
    if k % 7 == 0:
        answer = _scale(answer, -1.0)  # a flipped sign
    return json.dumps(answer)


def _scale(a, factor: float):
    return [_scale(x, factor) for x in a] if isinstance(a, list) else a * factor


# ``python -m nnquiz``, which also writes its own (the main process's) CPU time to a file
MEASURED = """
import atexit, os, resource, sys
pid = os.getpid()
def _cpu():
    if os.getpid() == pid:
        r = resource.getrusage(resource.RUSAGE_SELF)
        with open(os.environ["BENCH_MAIN_CPU"], "w") as f:
            f.write(str(r.ru_utime + r.ru_stime))
atexit.register(_cpu)
sys.argv[0] = "nnquiz"
from nnquiz.cli import main
main()
"""


def run(*args: str) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds of the command and its worker processes, CPU seconds
    of its main process alone)."""
    with tempfile.TemporaryDirectory() as tmp:
        mine = Path(tmp) / "cpu"
        env = {**os.environ, "PYTHONPATH": str(ROOT), "BENCH_MAIN_CPU": str(mine)}
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        r = subprocess.run(
            [sys.executable, "-c", MEASURED, *args], capture_output=True, text=True, env=env
        )
        elapsed = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if r.returncode != 0:
            sys.exit(f"nnquiz {args[0]} failed:\n{r.stderr}")
        main_cpu = float(mine.read_text())
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return elapsed, cpu, main_cpu


def main() -> None:
    compile_bytecode()
    numbers = [a for a in sys.argv[1:] if a.isdigit()]
    students = int(numbers[0]) if numbers else 1000
    questions = LIGHT if "--light" in sys.argv else QUESTIONS
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        assignment, roster = write_inputs(folder, students, questions)
        out = folder / "out"
        t_sheets = run("homework", str(assignment), "--roster", str(roster), "--out", str(out))
        size = sum(f.stat().st_size for f in out.iterdir()) / 1e6
        subs = folder / "submissions.csv"
        rows = write_submissions(out / "key.jsonl", subs)
        grades = folder / "grades.csv"
        common = (str(assignment), str(subs), "--roster", str(roster), "--out", str(grades))
        t_plain = run("grade", *common)
        t_grade = run("grade", *common, "--feedback", str(folder / "feedback"))
        t_key = run("grade", *common, "--key", str(out / "key.jsonl"))
    n = students * len(questions)
    print(f"{students} students × {len(questions)} questions = {n} problems, {rows} answer rows")
    print(f"cores: {len(os.sched_getaffinity(0))}, load average: {os.getloadavg()[0]:.1f}")
    report("homework: sheets + key", t_sheets, n, "< 10 s", f"{size:.0f} MB written")
    report("grade, regenerating", t_plain, n, "< 5 s")
    report("grade, regenerating, with feedback", t_grade, n, "< 5 s")
    report("grade --key (problems from key.jsonl)", t_key, n, "< 5 s")


def report(
    what: str, times: tuple[float, float, float], n: int, target: str, more: str = ""
) -> None:
    wall, cpu, main_cpu = times
    extra = f"; {more}" if more else ""
    print(
        f"{what:<40} {wall:6.2f} s wall (target {target}), {cpu:6.2f} s CPU "
        f"(main process {main_cpu:.2f} s) = {cpu / n * 1000:.2f} ms per problem{extra}"
    )


if __name__ == "__main__":
    main()
