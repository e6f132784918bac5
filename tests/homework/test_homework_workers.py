"""A class's sheets and key are made in the worker processes, each student's files once,
and they are byte for byte the files one process makes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from nnquiz.problems import batch

from ..conftest import ROOT, run_cli
from .conftest import ASSIGNMENT, write
from .test_hostile_files import one_line_refusal, run_limited

RECORDED = """
import os, sys
from nnquiz.homework import build
from nnquiz.problems import batch

log = os.environ["FILES_LOG"]
made = build.student_files

def student_files(shared, k):
    with open(log, "a") as f:
        f.write(f"{os.getpid()}\\n")
    return made(shared, k)

build.student_files = student_files
if os.environ.get("ONE_PROCESS"):
    batch.default_workers = lambda: 1
with open(log, "a") as f:
    f.write(f"main {os.getpid()}\\n")
sys.argv[0] = "nnquiz"
from nnquiz.cli import main
main()
"""

QUESTIONS = ASSIGNMENT.count("[[questions]]")
STUDENTS = -(-batch.SERIAL_BELOW // QUESTIONS) + 4  # enough to be made in the workers


def made(folder: Path, name: str, one_process: bool) -> tuple[Path, list[str]]:
    log = folder / f"{name}.log"
    out = folder / name
    args = ["homework", str(folder / "hw.toml"), "--roster", str(folder / "roster.csv")]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "FILES_LOG": str(log)}
    if one_process:
        env["ONE_PROCESS"] = "1"
    r = subprocess.run(
        [sys.executable, "-c", RECORDED, *args, "--out", str(out)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert r.returncode == 0, r.stderr
    return out, log.read_text().split("\n")[:-1]


def test_each_students_files_are_made_once_in_the_workers_as_one_process_makes_them(tmp_path):
    roster = "student_id,name\n" + "".join(f"s{k:03d},Student {k}\n" for k in range(STUDENTS))
    write(tmp_path, roster=roster)
    workers, calls = made(tmp_path, "workers", one_process=False)
    main = calls[0].removeprefix("main ")
    assert len(calls) - 1 == STUDENTS and main not in calls[1:]
    alone, calls = made(tmp_path, "alone", one_process=True)
    assert set(calls[1:]) == {calls[0].removeprefix("main ")}
    files = sorted(f.name for f in workers.iterdir())
    assert files == sorted(f.name for f in alone.iterdir())
    sheets = [f for f in files if not f.endswith(".svg")]  # and the figures beside them
    assert len(sheets) == 2 * STUDENTS + 6  # .md and .html, class, key ×3, index, font
    assert {f.split("-q")[0].removeprefix("key-") for f in files if f.endswith(".svg")} == {
        f"s{k:03d}" for k in range(STUDENTS)
    }
    for name in files:
        assert (workers / name).read_bytes() == (alone / name).read_bytes(), name


def test_a_sheet_a_worker_cannot_write_changes_nothing_and_leaves_no_staging_folder(tmp_path):
    """The workers write each student's sheets in a hidden folder inside --out: when one
    cannot (a full disk), the command says so in one line, and the folder is as it was,
    that hidden folder gone too."""
    roster = "student_id,name\n" + "".join(f"s{k:03d},Student {k}\n" for k in range(STUDENTS))
    write(tmp_path, roster=roster)
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine\n")
    args = ["homework", str(tmp_path / "hw.toml"), "--roster", str(tmp_path / "roster.csv")]
    r = run_limited([*args, "--out", str(out)], 9_000)
    err = one_line_refusal(r)
    assert f"cannot write {out / 's0'}" in err and ".html: File too large" in err, err
    assert [p.name for p in out.iterdir()] == ["notes.txt"]


def test_a_folder_in_place_of_a_sheet_made_in_a_worker_changes_nothing(tmp_path):
    roster = "student_id,name\n" + "".join(f"s{k:03d},Student {k}\n" for k in range(STUDENTS))
    write(tmp_path, roster=roster)
    out = tmp_path / "out"
    (out / "s020.html").mkdir(parents=True)
    r = run_cli(
        "homework",
        str(tmp_path / "hw.toml"),
        "--roster",
        str(tmp_path / "roster.csv"),
        "--out",
        str(out),
    )
    assert f"cannot write {out / 's020.html'}: it is a folder" in one_line_refusal(r)
    assert [p.name for p in out.iterdir()] == ["s020.html"]
    assert not list((out / "s020.html").iterdir())
