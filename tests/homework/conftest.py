"""A small class: an assignment, a roster, and `nnquiz homework` run for real."""

import json
from pathlib import Path

import pytest

from ..conftest import run_cli

ASSIGNMENT = """title = "HW 4: backpropagation"
secret = "course-secret-2026"
instructions = "Due Friday."

[[questions]]
family = "softmax"
difficulty = "easy"
points = 6

[[questions]]
family = "backprop"
difficulty = "medium"
points = 9

[[questions]]
family = "cross_entropy"
points = 5
"""

ROSTER = "student_id,name\ns001,Ada Lovelace\ns002,Alan Turing\ns003,Grace Hopper\n"


def write(folder: Path, assignment: str = ASSIGNMENT, roster: str = ROSTER) -> tuple[Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "hw.toml").write_text(assignment, encoding="utf-8")
    (folder / "roster.csv").write_text(roster, encoding="utf-8")
    return folder / "hw.toml", folder / "roster.csv"


def homework(folder: Path, out: Path, *more: str):
    a, r = folder / "hw.toml", folder / "roster.csv"
    return run_cli("homework", str(a), "--roster", str(r), "--out", str(out), *more)


def key_lines(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "key.jsonl").read_text("utf-8").splitlines()]


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """The small class's homework, written once for the module."""
    folder = tmp_path_factory.mktemp("class")
    write(folder)
    r = homework(folder, folder / "out")
    assert r.returncode == 0, r.stderr
    return folder
