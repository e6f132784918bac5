"""Concept cards: load the TOML files of ``cards/`` and check every card.

A file is one topic::

    topic = "Binary cross-entropy"

    [[cards]]
    id = "bce-formula"                 # stable: the Anki note's identity comes from it
    section = "Binary Cross Entropy"   # the section of the course notes
    front = 'What is the binary cross-entropy loss of \\(n\\) predictions?'
    back = '\\[L = -\\frac{1}{n}\\sum_i \\dots\\]'
    erratum = 'The notes lost the minus sign.'   # optional: where the notes are wrong

A duplicate id, a missing or empty side, an unknown key or math MathJax would refuse is a
:class:`CardError` naming the file and the card.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .render.texmath import problems

if TYPE_CHECKING:
    from importlib.abc import Traversable

ID = re.compile(r"[a-z0-9][a-z0-9.-]*+")  # fullmatch: no trailing line break slips in
CARD_KEYS = {"id", "section", "front", "back", "erratum"}
FILE_KEYS = {"topic", "cards"}


class CardError(ValueError):
    """A concept card file or card that cannot be used; the message names both."""


@dataclass(frozen=True)
class Card:
    """One concept card. ``front``, ``back`` and ``erratum`` are text with MathJax math."""

    id: str
    topic: str
    section: str
    front: str
    back: str
    erratum: str = ""
    source: str = ""  # the file it came from


def load_cards(folder: Traversable | Path) -> list[Card]:
    """Every card of every ``*.toml`` file in ``folder``, files in name order. A file that
    is a symbolic link to something outside ``folder`` is refused (it could put any
    file of the machine on a card)."""
    files = sorted(
        (f for f in folder.iterdir() if f.name.endswith(".toml") and f.is_file()),
        key=lambda f: f.name,
    )
    if not files:
        raise CardError(f"{folder}: no card files (*.toml)")
    cards: list[Card] = []
    seen: dict[str, str] = {}
    for f in files:
        for card in parse_file(f.name, _read(folder, f)):
            if card.id in seen:
                raise CardError(
                    f"{f.name}: card {card.id!r}: duplicate id (also in {seen[card.id]})"
                )
            seen[card.id] = f.name
            cards.append(card)
    return cards


MAX_BYTES = 1_000_000  # a card file; the built-in ones are under 10 kB


def _read(folder: Traversable | Path, f: Traversable | Path) -> str:
    """The text of card file ``f``; CardError for a link out of ``folder``, a file too
    large, or one that is not UTF-8 text."""
    from .datafiles import read_text
    from .errors import UserError

    if isinstance(f, Path):
        if not _within(f, folder):
            raise CardError(
                f"{f}: is a symbolic link to {f.resolve()}, outside {folder}; copy the "
                "file into the folder instead"
            )
        try:
            return read_text(f, "card file", MAX_BYTES)
        except UserError as e:
            raise CardError(str(e)) from None
    return f.read_text(encoding="utf-8")  # nnquiz's own cards, inside a zip


def _within(f: Path, folder: Traversable | Path) -> bool:
    try:
        return Path(f).resolve().is_relative_to(Path(str(folder)).resolve())
    except (OSError, RuntimeError):  # a symlink loop
        return False


def parse_file(name: str, text: str) -> list[Card]:
    """The cards of one file; ``name`` is used in error messages."""
    from .datafiles import parse_toml
    from .errors import UserError

    try:
        data = parse_toml(text, name)
    except UserError as e:
        raise CardError(str(e)) from None
    extra = set(data) - FILE_KEYS
    if extra:
        raise CardError(f"{name}: unknown key {sorted(extra)[0]!r} (expected topic, cards)")
    topic = data.get("topic")
    if not isinstance(topic, str) or not topic.strip():
        raise CardError(f'{name}: needs a topic, for example topic = "Backpropagation"')
    if "::" in topic:
        raise CardError(f"{name}: topic {topic!r} may not contain '::' (it names a deck)")
    rows = data.get("cards")
    if not isinstance(rows, list) or not rows:
        raise CardError(f"{name}: needs at least one [[cards]] table")
    return [_card(name, topic.strip(), i, row) for i, row in enumerate(rows, 1)]


def _card(name: str, topic: str, number: int, row: object) -> Card:
    if not isinstance(row, dict):
        raise CardError(f"{name}: card {number}: must be a table")
    cid = row.get("id")
    if not isinstance(cid, str) or not ID.fullmatch(cid):
        raise CardError(
            f"{name}: card {number}: needs an id of lowercase letters, digits, '-' and '.'"
        )
    where = f"{name}: card {cid!r}"
    extra = set(row) - CARD_KEYS
    if extra:
        raise CardError(f"{where}: unknown key {sorted(extra)[0]!r}")
    fields = {}
    for key in ("section", "front", "back", "erratum"):
        value = row.get(key, "")
        if not isinstance(value, str):
            raise CardError(f"{where}: {key} must be a string")
        if key != "erratum" and not value.strip():
            raise CardError(f"{where}: {key} is empty")
        for problem in problems(value):
            raise CardError(f"{where}: {key}: {problem}")
        fields[key] = value.strip()
    return Card(id=cid, topic=topic, source=name, **fields)


def topics(cards: Iterable[Card]) -> list[str]:
    """The topics of ``cards``, in the order they first appear."""
    return list(dict.fromkeys(c.topic for c in cards))
