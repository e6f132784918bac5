"""Feedback pages are made in the worker processes that make the problems they explain
(markdown-it and MathML off the main process, which only writes files), each page
once, and they are the very pages one process makes; the answers are graded there too,
each student once, with the very grades one process gives."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from nnquiz.homework import grading, report

from ..conftest import ROOT
from .conftest import homework, key_lines, write

RECORDED = """
import os, sys
from nnquiz.homework import feedback, grading
from nnquiz.problems import batch

log = os.environ["PAGES_LOG"]
made = feedback.html_body
graded = grading.grade_student

def html_body(blocks):
    with open(log, "a") as f:
        f.write(f"{os.getpid()}\\n")
    return made(blocks)

def grade_student(shared, k):
    with open(log + ".grades", "a") as f:
        f.write(f"{os.getpid()}\\n")
    return graded(shared, k)

feedback.html_body = html_body
grading.grade_student = grade_student
if os.environ.get("ONE_PROCESS"):
    batch.default_workers = lambda: 1
with open(log, "a") as f:
    f.write(f"main {os.getpid()}\\n")
sys.argv[0] = "nnquiz"
from nnquiz.cli import main
main()
"""

STUDENTS = max(report.PAGES_SERIAL_BELOW, grading.SERIAL_BELOW) + 6


def graded(folder: Path, name: str, one_process: bool) -> tuple[Path, list[str], list[str]]:
    log = folder / f"{name}.log"
    out = folder / name
    args = ["grade", str(folder / "hw.toml"), str(folder / "subs.csv")]
    args += ["--roster", str(folder / "roster.csv"), "--out", str(folder / f"{name}.csv")]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PAGES_LOG": str(log)}
    if one_process:
        env["ONE_PROCESS"] = "1"
    r = subprocess.run(
        [sys.executable, "-c", RECORDED, *args, "--feedback", str(out)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert r.returncode == 0, r.stderr
    grades = Path(f"{log}.grades").read_text().split("\n")[:-1]
    return out, log.read_text().split("\n")[:-1], grades


def test_feedback_pages_are_made_in_the_workers_and_are_the_pages_one_process_makes(tmp_path):
    roster = "student_id,name\n" + "".join(f"s{k:03d},Student {k}\n" for k in range(STUDENTS))
    write(tmp_path, roster=roster)
    assert homework(tmp_path, tmp_path / "hw").returncode == 0
    rows = ["student_id,question,answer"]
    for k, line in enumerate(key_lines(tmp_path / "hw")):
        parts = line["problem"]["parts"]
        for p in parts:
            q = f"{line['question']}{p['label']}" if len(parts) > 1 else str(line["question"])
            answer = p["answer"] if k % 3 else "[1, 2]"  # every third question wrong
            rows.append(f'{line["student_id"]},{q},"{json.dumps(answer)}"')
    (tmp_path / "subs.csv").write_text("\n".join(rows) + "\n")
    workers, calls, grades = graded(tmp_path, "workers", one_process=False)
    main = calls[0].removeprefix("main ")
    assert len(calls) - 1 == STUDENTS  # one page each, made once
    assert main not in calls[1:]  # none of them in the main process
    assert len(grades) == STUDENTS and main not in grades  # each graded once, elsewhere
    alone, calls, grades = graded(tmp_path, "alone", one_process=True)
    assert set(calls[1:]) == set(grades) == {calls[0].removeprefix("main ")}
    for name in ("csv", "summary.txt"):
        one, two = tmp_path / f"workers.{name}", tmp_path / f"alone.{name}"
        assert one.read_text() == two.read_text()
    files = sorted(f.name for f in workers.iterdir())
    assert files == sorted(f.name for f in alone.iterdir())
    assert len(files) == 2 * STUDENTS + 2  # .md and .html, index.csv, the math font
    for name in files:
        assert (workers / name).read_bytes() == (alone / name).read_bytes(), name
