"""Every command that reads a file, over one shared set of hostile files (too deep, too
large, the wrong encoding, numbers too long or too large, the wrong types): each is
refused in one line naming the file (and the field, where there is one), exit 2, no
traceback, nothing written.

Under CI a representative sample runs (every file and every command at least once,
and every case the issue names); locally, the whole matrix."""

from __future__ import annotations

import itertools
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import run_cli

ASSIGNMENT = 'title = "HW"\nsecret = "s"\n\n[[questions]]\nfamily = "softmax"\npoints = 2\n'
ROSTER = "student_id,name\ns1,Ada\n"
SUBMISSIONS = "student_id,question,answer\ns1,1,0.5\n"
PROBLEM = '{"family": "softmax", "given": {"logits": [2, 4, 0.5]}}'
CARD = 'topic = "T"\n[[cards]]\nid = "a"\nsection = "S"\nfront = "F"\nback = "B"\n'


def _deep_json() -> bytes:
    return b"[" * 100_000 + b"]" * 100_000


def _digits(suffix: str) -> bytes:
    number = b"1" + b"0" * 5000
    return b"[" + number + b"]\n" if suffix in (".json", ".jsonl") else b"a = " + number + b"\n"


# name -> (the file's bytes, or a function of its suffix that makes them; what the message
# must also say for a TOML or JSON file (a CSV file says what its header lacks), or "")
HOSTILE: dict[str, tuple[bytes | Callable[[str], bytes], str]] = {
    "deep JSON (100,000)": (_deep_json(), ""),
    "deep TOML array (5,000)": (b"a = " + b"[" * 5000 + b"]" * 5000 + b"\n", ""),
    "nested inline tables (3,000)": (b"a = " + b"{a=" * 3000 + b"1" + b"}" * 3000 + b"\n", ""),
    "5,000-digit integer": (_digits, "5,001 digits"),
    "invalid UTF-8": (b'title = "\xff\xfe\xfd"\n', "UTF-8"),
    "UTF-16 without a byte-order mark": (
        "student_id,question,answer\ns1,1,0.5\n".encode("utf-16-le"),
        "UTF-16",
    ),
    "binary": (bytes(range(256)) * 64, ""),
    "empty": (b"", ""),
    "wrong type (a list)": (b"[1, 2, 3]\n", ""),
}
# a 400-digit number in the one field each file reads: (file text, the field named)
BIG = "1" + "0" * 400


class Slot:
    """One file a command reads: ``args(folder, path)`` runs the command with the hostile
    file at ``path`` in that place and good files elsewhere; ``suffix`` is the file's."""

    def __init__(self, name: str, suffix: str, args: Callable[[Path, Path], list[str]]):
        self.name, self.suffix, self.args = name, suffix, args

    def __repr__(self) -> str:
        return self.name


def _good(folder: Path) -> dict[str, Path]:
    files = {
        "hw.toml": ASSIGNMENT,
        "roster.csv": ROSTER,
        "subs.csv": SUBMISSIONS,
        "problem.json": PROBLEM,
    }
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return {name: folder / name for name in files}


def _grade(folder: Path, hw: Path, subs: Path, roster: Path, *more: str) -> list[str]:
    out = folder / "grades.csv"
    return ["grade", str(hw), str(subs), "--roster", str(roster), "--out", str(out), *more]


def _cards_folder(folder: Path, path: Path) -> Path:
    cards = folder / "cards"
    cards.mkdir(exist_ok=True)
    shutil.move(path, cards / "01-hostile.toml")
    return cards


def _key(folder: Path, path: Path) -> list[str]:
    g = _good(folder)
    return _grade(folder, g["hw.toml"], g["subs.csv"], g["roster.csv"], "--key", str(path))


SLOTS = [
    Slot("solve FILE.json", ".json", lambda f, p: ["solve", str(p)]),
    Slot("solve FILE.toml", ".toml", lambda f, p: ["solve", str(p)]),
    Slot(
        "homework ASSIGNMENT",
        ".toml",
        lambda f, p: [
            "homework",
            str(p),
            "--roster",
            str(_good(f)["roster.csv"]),
            "--out",
            str(f / "out"),
        ],
    ),
    Slot(
        "homework --roster",
        ".csv",
        lambda f, p: [
            "homework",
            str(_good(f)["hw.toml"]),
            "--roster",
            str(p),
            "--out",
            str(f / "out"),
        ],
    ),
    Slot(
        "grade ASSIGNMENT",
        ".toml",
        lambda f, p: _grade(f, p, _good(f)["subs.csv"], _good(f)["roster.csv"]),
    ),
    Slot(
        "grade SUBMISSIONS",
        ".csv",
        lambda f, p: _grade(f, _good(f)["hw.toml"], p, _good(f)["roster.csv"]),
    ),
    Slot(
        "grade --roster",
        ".csv",
        lambda f, p: _grade(f, _good(f)["hw.toml"], _good(f)["subs.csv"], p),
    ),
    Slot("grade --key", ".jsonl", _key),
    Slot(
        "grade --overrides",
        ".csv",
        lambda f, p: _grade(
            f,
            _good(f)["hw.toml"],
            _good(f)["subs.csv"],
            _good(f)["roster.csv"],
            "--overrides",
            str(p),
        ),  # fmt: skip
    ),
    Slot(
        "export --cards",
        ".toml",
        lambda f, p: ["export", "-o", str(f / "out.apkg"), "--cards", str(_cards_folder(f, p))],
    ),
]

# a 400-digit whole number where each file has a number: (text, the field the message names)
BIG_IN = {
    "solve FILE.json": ('{"family": "softmax", "given": {"logits": [2, ' + BIG + "]}}", "logits"),
    "solve FILE.toml": (f'family = "softmax"\n[given]\nlogits = [2, {BIG}]\n', "logits"),
    "homework ASSIGNMENT": (ASSIGNMENT.replace("points = 2", f"points = {BIG}"), "points"),
    "grade ASSIGNMENT": (ASSIGNMENT.replace("points = 2", f"points = {BIG}"), "points"),
    "export --cards": (CARD + f"\n[[cards]]\nid = {BIG}\n", ""),
}


def _cases() -> list[tuple[Slot, str]]:
    every = list(itertools.product(SLOTS, [*HOSTILE, "400-digit integer in a field"]))
    if os.environ.get("CI", "").lower() != "true":
        return every
    # every slot and every file at least once, and each case the issue names
    kinds = [*HOSTILE, "400-digit integer in a field"]
    sample = {(SLOTS[k % len(SLOTS)], kind) for k, kind in enumerate(kinds)}
    sample |= {(slot, kinds[k % len(kinds)]) for k, slot in enumerate(SLOTS)}
    named = {
        "solve FILE.json": ["deep JSON (100,000)", "400-digit integer in a field"],
        "solve FILE.toml": [
            "deep TOML array (5,000)",
            "nested inline tables (3,000)",
            "5,000-digit integer",
        ],
        "homework ASSIGNMENT": [
            "400-digit integer in a field",
            "5,000-digit integer",
            "deep TOML array (5,000)",
        ],
        "grade --key": ["deep JSON (100,000)"],
        "export --cards": ["invalid UTF-8", "deep TOML array (5,000)", "5,000-digit integer"],
        "grade --roster": ["UTF-16 without a byte-order mark"],
    }
    by_name = {s.name: s for s in SLOTS}
    sample |= {(by_name[n], kind) for n, kinds_ in named.items() for kind in kinds_}
    return [case for case in every if case in sample]


@pytest.mark.parametrize(("slot", "kind"), _cases(), ids=lambda x: repr(x))
def test_a_hostile_file_is_refused_in_one_line(tmp_path, slot, kind):
    path = tmp_path / f"hostile{slot.suffix}"
    if kind in HOSTILE:
        data, also = HOSTILE[kind]
        data = data(slot.suffix) if callable(data) else data
        if slot.suffix == ".csv" and "UTF-16" not in also:
            also = ""
    else:
        text, also = BIG_IN.get(slot.name, (f"a = {BIG}\n", ""))
        data = text.encode()
    path.write_bytes(data)
    named = "01-hostile.toml" if slot.name == "export --cards" else path.name
    r = run_cli(*slot.args(tmp_path, path))
    assert r.returncode == 2, (r.stdout[-500:], r.stderr[-2000:])
    assert "Traceback" not in r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr[-2000:]
    assert len(lines[0]) < 2100
    assert named in lines[0], lines
    if also:
        assert also in lines[0], lines
    assert not (tmp_path / "out").exists()  # homework's folder
    assert not (tmp_path / "out.apkg").exists() and not (tmp_path / "grades.csv").exists()


def test_a_file_too_large_is_refused_before_it_is_read(tmp_path):
    """A sparse 300 MB file: refused from its size, in well under a second of reading."""
    g = _good(tmp_path)
    huge = tmp_path / "huge.csv"
    with huge.open("wb") as f:
        f.truncate(300_000_000)
    for args in (
        _grade(tmp_path, g["hw.toml"], huge, g["roster.csv"]),
        ["solve", str(huge)],
        ["homework", str(huge), "--roster", str(g["roster.csv"]), "--out", str(tmp_path / "o")],
    ):
        r = run_cli(*args)
        assert r.returncode == 2 and "Traceback" not in r.stderr
        assert "huge.csv: too large" in r.stderr and len(r.stderr.splitlines()) == 1


def test_a_folder_or_a_missing_file_is_one_line(tmp_path):
    g = _good(tmp_path)
    for bad in (tmp_path, tmp_path / "missing.toml"):
        for args in (
            ["solve", str(bad)],
            _grade(tmp_path, bad, g["subs.csv"], g["roster.csv"]),
            _grade(tmp_path, g["hw.toml"], bad, g["roster.csv"]),
            _key(tmp_path, bad),
        ):
            r = run_cli(*args)
            assert r.returncode == 2 and "Traceback" not in r.stderr, r.stderr
            assert len(r.stderr.strip().splitlines()) == 1


def test_the_400_digit_number_in_a_problem_file_names_its_field(tmp_path):
    path = tmp_path / "p.json"
    path.write_text('{"family": "forward", "given": {"x": [1' + "0" * 400 + "]}}")
    r = run_cli("solve", str(path))
    assert r.returncode == 2
    assert "p.json: given.x[0]: the whole number 100000… (401 digits) is too large" in r.stderr
