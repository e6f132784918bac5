"""Starter problems: the first problem of a new skill, shown without NumPy.

A session shows a problem made ahead (:mod:`..prepared`) when there is one. On a new
database there is none (nor after an upgrade: problems made by another nnquiz version
are not used), and making a problem means importing NumPy and the problem families,
which takes longer than the whole budget for the first problem. So nnquiz ships a small
pool of problems of every built-in family and difficulty (8 easy ones, as every new
skill starts at easy, and 4 each at medium and hard), one file a family and difficulty
(``backprop.jsonl`` for easy, ``backprop.medium.jsonl``, ``backprop.hard.jsonl``), one
problem a line, each exactly the JSON that :func:`..prepared.to_json` writes for
``registry.generate(family, seed, difficulty)``. :class:`..ahead.Problems` shows one the
student has not seen when nothing is made ahead; every later problem of the skill has
fresh numbers.

The files are written by ``python -m nnquiz.practice.starters`` (:mod:`.make`), and a
test checks that they are what this nnquiz generates. Reading them needs only the
standard library.
"""

from __future__ import annotations

from pathlib import Path

DIFFICULTY = "easy"  # the difficulty every new skill starts at (course.new_items)
DIFFICULTIES = ("easy", "medium", "hard")
FOLDER = Path(__file__).resolve().parent


def path(family: str, difficulty: str = DIFFICULTY) -> Path:
    if difficulty == DIFFICULTY:
        return FOLDER / f"{family}.jsonl"
    return FOLDER / f"{family}.{difficulty}.jsonl"


def read(family: str | None, difficulty: str | None) -> list[str]:
    """The JSON of each shipped starter problem of a skill (a string a problem); empty
    when the skill has none or its file cannot be read."""
    if difficulty not in DIFFICULTIES or not family or not family.isidentifier():
        return []
    try:
        text = path(family, difficulty).read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    # JSON written with ensure_ascii=False may hold U+2028 and the like: split on \n only
    return [line for line in text.split("\n") if line.strip()]
