"""Problems made ahead, so that a session shows its first problem at once.

Generating a problem needs NumPy and the problem families, which take longer to
import than the whole budget for showing the first problem. So after every review,
while the student reads the feedback, the next problem of that skill is generated
with a fresh seed and kept in the database as its JSON (schema 1). The next time the
skill comes up, its problem is shown straight from the JSON, and the families load in
the background while the student reads it. The problem is the same one ``nnquiz show
ID`` prints; a problem made by another nnquiz version is not used.

On a new database nothing is made ahead yet: the first problem of an easy skill is then
one of the starter problems shipped with nnquiz (:mod:`.starters`, the same JSON, shown
the same way); every later one has a fresh seed.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import __version__

_FAMILY_LIST = Path(__file__).resolve().parent.parent / "problems" / "families" / "__init__.py"


def code_stamp() -> str:
    """This nnquiz and its list of families, cheaply (without importing them)."""
    try:
        families = zlib.crc32(_FAMILY_LIST.read_bytes())
    except OSError:
        families = 0
    return f"{__version__}:{families:08x}"


def builtin_families() -> list[str]:
    """The built-in family modules in the order of the notes (no NumPy needed)."""
    from ..problems.families import BUILTIN_MODULES

    return list(BUILTIN_MODULES)


@dataclass(frozen=True)
class PartView:
    label: str
    prompt: str


@dataclass(frozen=True)
class FigureView:
    name: str
    where: str
    alt: str


@dataclass(frozen=True)
class ProblemView:
    """The fields of a problem that showing it needs (``render.formats.text``)."""

    id: str
    title: str
    difficulty: str
    question_text: str
    parts: tuple[PartView, ...]
    data: dict[str, Any]
    figures: tuple[FigureView, ...] = ()

    @classmethod
    def from_json(cls, text: str) -> ProblemView:
        d = json.loads(text)
        return cls(
            id=d["id"],
            title=d["title"],
            difficulty=d["difficulty"],
            question_text=d["question"]["text"],
            parts=tuple(PartView(p["label"], p["prompt"]) for p in d["parts"]),
            data=d,
            figures=tuple(
                FigureView(f["name"], f["where"], f["alt"]) for f in d.get("figures", ())
            ),
        )

    def problem(self):
        """The full problem (imports the problem model, and so NumPy)."""
        from ..problems.model import Problem

        return Problem.from_dict(self.data)


def to_json(problem) -> str:
    return json.dumps(problem.to_dict(), ensure_ascii=False, separators=(",", ":"))
