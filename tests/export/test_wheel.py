"""A real wheel carries cards/, templates/ and the starter problems, and its ``nnquiz
export`` works anywhere.

The wheel is built from a copy of the source (so the checkout gets no build/ folder),
installed without dependencies into a fresh folder, and run from another folder with
only that folder on the path: what a user of ``pip install .`` gets.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT

SOURCES = ["pyproject.toml", "README.md", "nnquiz", "cards", "templates"]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("src")
    for name in SOURCES:
        item = ROOT / name
        if item.is_dir():
            shutil.copytree(item, src / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(item, src / name)
    out = tmp_path_factory.mktemp("wheel")
    r = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(src)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert r.returncode == 0, r.stderr
    (whl,) = out.glob("nnquiz-*.whl")
    return whl


def test_wheel_holds_cards_and_templates(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    cards = {p.name for p in (ROOT / "cards").glob("*.toml")}
    templates = {p.name for p in (ROOT / "templates").iterdir() if p.is_file()}
    assert {f"nnquiz/cards/{c}" for c in cards} <= names
    assert {f"nnquiz/templates/{t}" for t in templates} <= names
    assert "nnquiz/export/package.py" in names
    from nnquiz.practice.starters import DIFFICULTIES, path
    from nnquiz.problems.families import BUILTIN_MODULES

    starters = {path(f, d).name for f in BUILTIN_MODULES for d in DIFFICULTIES}
    assert len(starters) == 3 * len(BUILTIN_MODULES)  # every family at every difficulty
    assert {f"nnquiz/practice/starters/{s}" for s in starters} <= names
    page = {p.name for p in (ROOT / "templates" / "serve").iterdir()}  # nnquiz serve's
    assert {"base.html", "serve.css", "serve.js"} <= page
    assert {f"nnquiz/templates/serve/{t}" for t in page} <= names
    assert {"nnquiz/serve/app.py", "nnquiz/templates/homework/texgyretermes-math.otf"} <= names


def test_installed_wheel_exports_from_another_folder(wheel, tmp_path):
    site = tmp_path / "site"
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(site),
            str(wheel),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert r.returncode == 0, r.stderr
    work = tmp_path / "elsewhere"
    work.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site), "PYTHONIOENCODING": "utf-8"}

    def python(*args: str, timeout: int = 60) -> subprocess.CompletedProcess:
        """Python run in another folder, seeing only the installed copy of nnquiz."""
        return subprocess.run(
            [sys.executable, *args], capture_output=True, text=True, cwd=work, env=env,
            timeout=timeout,
        )  # fmt: skip

    where = python("-c", "import nnquiz.resources as r; print(r.cards()); print(r.templates())")
    assert where.returncode == 0, where.stderr
    assert where.stdout.count(str(site)) == 2, where.stdout
    starters = python(
        "-c",
        "from nnquiz.practice import starters as s; "
        "print(s.FOLDER); print(len(s.read('backprop', 'easy')))",
    )
    assert starters.returncode == 0, starters.stderr
    assert starters.stdout.startswith(str(site)) and starters.stdout.split()[-1] == "8"
    page = python(
        "-c",
        "from nnquiz.serve.app import ASSETS, environment; from nnquiz.resources import "
        "templates; environment(); print(sum(len(templates().joinpath(*p.split('/'))"
        ".read_bytes()) > 0 for p, _ in ASSETS.values()))",
    )
    assert page.returncode == 0 and page.stdout.split() == ["3"], page.stderr
    run = python("-m", "nnquiz", "export", "-o", "deck.apkg", timeout=300)
    assert run.returncode == 0, run.stderr
    assert zipfile.is_zipfile(work / "deck.apkg")
    assert "concept cards" in run.stdout
