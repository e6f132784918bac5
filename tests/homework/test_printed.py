"""Printed sheets: Chromium prints a student's sheet and the class file to PDF, and the
text of every page (read by pdftotext, from poppler-utils) carries the student's name,
id and page number: "page k of n" for a sheet alone; the student's own page number and
the file's "page k of n" in the class file. CI installs both programs (.ci/run)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from ..conftest import run_cli
from .test_browser import FLAGS, chromium

ASSIGNMENT = """title = "Printing"
secret = "print-secret"
instructions = "Show your work."

[[questions]]
family = "backprop"
difficulty = "hard"
points = 10

[[questions]]
family = "forward"
difficulty = "hard"
points = 10

[[questions]]
family = "sgd"
difficulty = "hard"
points = 10
"""
ROSTER = 'student_id,name\ns001,Ada Lovelace\ns002,"<Alan> ""Turing"""\n'


def pdftotext() -> str:
    found = shutil.which("pdftotext")
    if found:
        return found
    if os.environ.get("CI") == "true":
        pytest.fail("pdftotext is not installed (CI installs poppler-utils in .ci/run)")
    pytest.skip("pdftotext (poppler-utils) is not installed")


def pages(html: Path) -> list[str]:
    """The text of each page Chromium prints of ``html``."""
    pdf = html.with_suffix(".pdf")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [chromium(), *FLAGS, f"--user-data-dir={profile}", "--no-pdf-header-footer",
             f"--print-to-pdf={pdf}", html.as_uri()],
            capture_output=True, timeout=120, check=False,
        )  # fmt: skip
    assert pdf.is_file(), "Chromium printed nothing"
    text = subprocess.run(
        [pdftotext(), "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [page for page in text.split("\f") if page.strip()]


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    folder = tmp_path_factory.mktemp("print")
    (folder / "hw.toml").write_text(ASSIGNMENT)
    (folder / "roster.csv").write_text(ROSTER)
    r = run_cli(
        "homework", str(folder / "hw.toml"), "--roster", str(folder / "roster.csv"),
        "--out", str(folder / "out"),
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    return folder / "out"


def test_every_page_of_a_sheet_has_the_name_id_and_page_k_of_n(printed):
    text = pages(printed / "s001.html")
    n = len(text)
    assert n >= 2  # a sheet long enough to need a second page
    for k, page in enumerate(text, start=1):
        assert "Ada Lovelace · s001" in page, page[:300]
        assert f"page {k} of {n}" in page


def test_every_page_of_the_class_file_names_its_student(printed):
    text = pages(printed / "class.html")
    total = len(text)
    mine: dict[str, int] = {}
    for k, page in enumerate(text, start=1):
        who = "Ada Lovelace · s001" if "Ada Lovelace · s001" in page else '<Alan> "Turing" · s002'
        assert who in page, page[:300]  # a hostile name prints as written
        mine[who] = mine.get(who, 0) + 1
        assert f"page {mine[who]} of this sheet" in page
        assert f"file page {k} of {total}" in page
    assert set(mine) == {"Ada Lovelace · s001", '<Alan> "Turing" · s002'}
    first = [k for k, page in enumerate(text) if re.search(r"page 1 of this sheet", page)]
    assert len(first) == 2  # each student starts on a page of their own


def test_homework_help_says_what_it_prints():
    r = run_cli("homework", "--help")
    said = " ".join(r.stdout.split())
    assert "every page carries the student's name, id and page number" in said
