"""Concept cards for practice: whatever ``cards/*.toml`` holds (none: no concept cards).

Practice needs only this of a card: ``id``, ``front``, ``back`` and ``section`` (and,
when present, ``topic`` and ``erratum``), text with MathJax math ``\\( \\)`` and
``\\[ \\]`` that the screen turns into Unicode. :func:`load` is the one place that
reads the files; the export's own loader (with its full checks of the math) can be
swapped in here as long as importing it stays light (practice starts in a blink).

A file is one topic::

    topic = "Binary cross-entropy"

    [[cards]]
    id = "bce-formula"
    section = "Binary Cross Entropy"
    front = '''Write the binary cross-entropy of \\(n\\) predictions.'''
    back = '''\\[\\mathcal{L} = -\\frac{1}{n} \\sum_i \\dots\\]'''
    erratum = '''The notes lost the minus sign.'''   # optional
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from ..errors import UserError

if TYPE_CHECKING:
    from importlib.abc import Traversable


class Concept(Protocol):
    """What practice uses of a concept card."""

    id: str
    front: str
    back: str
    section: str


@dataclass(frozen=True)
class ConceptCard:
    id: str
    front: str
    back: str
    section: str
    topic: str = ""
    erratum: str = ""
    source: str = ""


def load(folder: Traversable | Path | None = None) -> list[ConceptCard]:
    """Every card of every ``*.toml`` file in ``folder`` (default: the shipped cards/),
    files in name order; UserError naming the file and card for a card it cannot use."""
    if folder is None:
        from .. import resources

        folder = resources.cards()
    try:
        files = sorted(
            (f for f in folder.iterdir() if f.name.endswith(".toml") and f.is_file()),
            key=lambda f: f.name,
        )
    except (FileNotFoundError, NotADirectoryError):
        return []
    cards: list[ConceptCard] = []
    seen: dict[str, str] = {}
    for f in files:
        for card in parse(f.name, f.read_text(encoding="utf-8")):
            if card.id in seen:
                raise UserError(
                    f"cards/{f.name}: card {card.id!r} repeats an id of {seen[card.id]}"
                )
            seen[card.id] = f.name
            cards.append(card)
    return cards


def parse(name: str, text: str) -> Iterable[ConceptCard]:
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise UserError(f"cards/{name}: not valid TOML: {e}") from None
    topic = data.get("topic", "")
    rows = data.get("cards", [])
    if not isinstance(rows, list):
        raise UserError(f"cards/{name}: 'cards' must be a list of [[cards]] tables")
    for number, row in enumerate(rows, 1):
        yield _card(name, str(topic), number, row)


def _card(name: str, topic: str, number: int, row: object) -> ConceptCard:
    if not isinstance(row, dict) or not isinstance(row.get("id"), str) or not row["id"]:
        raise UserError(f"cards/{name}: card {number} needs an id")
    where = f"cards/{name}: card {row['id']!r}"
    fields = {}
    for key in ("front", "back", "section", "erratum"):
        value = row.get(key, "")
        if not isinstance(value, str):
            raise UserError(f"{where}: {key} must be a string")
        if key in ("front", "back") and not value.strip():
            raise UserError(f"{where}: {key} is empty")
        fields[key] = value.strip()
    return ConceptCard(id=row["id"], topic=topic, source=name, **fields)
