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
import tomllib
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
    """Every card of every ``*.toml`` file in ``folder``, files in name order."""
    files = sorted(
        (f for f in folder.iterdir() if f.name.endswith(".toml") and f.is_file()),
        key=lambda f: f.name,
    )
    if not files:
        raise CardError(f"{folder}: no card files (*.toml)")
    cards: list[Card] = []
    seen: dict[str, str] = {}
    for f in files:
        for card in parse_file(f.name, f.read_text(encoding="utf-8")):
            if card.id in seen:
                raise CardError(
                    f"{f.name}: card {card.id!r}: duplicate id (also in {seen[card.id]})"
                )
            seen[card.id] = f.name
            cards.append(card)
    return cards


def parse_file(name: str, text: str) -> list[Card]:
    """The cards of one file; ``name`` is used in error messages."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise CardError(f"{name}: not valid TOML: {e}") from None
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
