"""Concept cards: load the TOML files of ``cards/`` and check every card.

A file is one topic::

    topic = "Binary cross-entropy"

    [[cards]]
    id = "bce-formula"                 # stable: the Anki note's identity comes from it
    section = "Binary Cross Entropy"   # the section of the course notes
    front = 'What is the binary cross-entropy loss of \\(n\\) predictions?'
    back = '\\[L = -\\frac{1}{n}\\sum_i \\dots\\]'
    erratum = 'The notes lost the minus sign.'   # optional: where the notes are wrong
    figure = "sigmoid"                 # optional: a figure of nnquiz.figures.gallery (back)

A file may also hold cloze notes, one fact with parts to recall hidden (Anki's cloze
deletions, ``{{c1::…}}``; a note makes one card per number)::

    [[clozes]]
    id = "cloze-bce"
    section = "Binary Cross Entropy"
    text = '\\(\\mathcal{L} = {{c1::-}}\\frac{1}{n} \\dots\\)'
    extra = 'The minus sign makes the loss positive.'   # optional: shown on the back

A duplicate id, a missing or empty side, an unknown key or figure, or math MathJax would refuse is a
:class:`CardError` naming the file and the card; so is a cloze without a deletion or whose
math breaks once a deletion is hidden or shown (a ``}}`` inside a deletion ends it, as
in Anki: write ``\\frac{1}{n} }}``, with a space).
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
CARD_KEYS = {"id", "section", "front", "back", "erratum", "figure"}
CLOZE_KEYS = {"id", "section", "text", "extra"}
FILE_KEYS = {"topic", "cards", "clozes"}
# a deletion as Anki reads it: {{c1::text}} or {{c1::text::hint}}, ended by the first }}
# (bounded, so that a file of unclosed deletions costs linear time)
DELETION = re.compile(
    r"\{\{c(\d{1,3})::((?:(?!\}\}|::).){0,2000}+)(?:::((?:(?!\}\}).){0,200}+))?\}\}", re.S
)
UNCLOSED = re.compile(r"\{\{c\d")  # a deletion's start left after the closed ones are shown


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
    figure: str = ""  # the name of a figure of nnquiz.figures.gallery, shown with the back

    def drawing(self):
        """The card's :class:`~nnquiz.figures.Figure` (drawn once), or None."""
        if not self.figure:
            return None
        from .figures import gallery

        return gallery.draw(self.figure)


@dataclass(frozen=True)
class Cloze:
    """One cloze note: ``text`` with deletions ``{{cN::…}}``, ``extra`` for the back."""

    id: str
    topic: str
    section: str
    text: str
    extra: str = ""
    source: str = ""

    @property
    def deletions(self) -> list[int]:
        """The deletion numbers, each once, in order (one Anki card each)."""
        return sorted({int(m.group(1)) for m in DELETION.finditer(self.text)})


def load_cards(folder: Traversable | Path) -> list[Card]:
    """Every card of every ``*.toml`` file in ``folder``, files in name order. A file that
    is a symbolic link to something outside ``folder`` is refused (it could put any
    file of the machine on a card)."""
    return _load(folder, parse_file)


def load_clozes(folder: Traversable | Path) -> list[Cloze]:
    """Every cloze note of every ``*.toml`` file in ``folder``, files in name order (links
    out of ``folder`` refused, as for the cards)."""
    return _load(folder, parse_clozes)


def _load(folder, parse) -> list:
    files = sorted(
        (f for f in folder.iterdir() if f.name.endswith(".toml") and f.is_file()),
        key=lambda f: f.name,
    )
    if not files:
        raise CardError(f"{folder}: no card files (*.toml)")
    found: list = []
    seen: dict[str, str] = {}
    for f in files:
        for item in parse(f.name, _read(folder, f)):
            if item.id in seen:
                raise CardError(
                    f"{f.name}: card {item.id!r}: duplicate id (also in {seen[item.id]})"
                )
            seen[item.id] = f.name
            found.append(item)
    return found


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
    topic, data = _parse(name, text)
    rows = data.get("cards")
    if not isinstance(rows, list) or not rows:
        raise CardError(f"{name}: needs at least one [[cards]] table")
    return [_card(name, topic, i, row) for i, row in enumerate(rows, 1)]


def parse_clozes(name: str, text: str) -> list[Cloze]:
    """The cloze notes of one file (none is fine)."""
    topic, data = _parse(name, text)
    rows = data.get("clozes", [])
    if not isinstance(rows, list):
        raise CardError(f"{name}: clozes must be [[clozes]] tables")
    return [_cloze(name, topic, i, row) for i, row in enumerate(rows, 1)]


def _parse(name: str, text: str) -> tuple[str, dict]:
    """The topic and the parsed TOML of one file."""
    from .datafiles import parse_toml
    from .errors import UserError

    try:
        data = parse_toml(text, name)
    except UserError as e:
        raise CardError(str(e)) from None
    extra = set(data) - FILE_KEYS
    if extra:
        raise CardError(f"{name}: unknown key {sorted(extra)[0]!r} (expected topic, cards, clozes)")
    topic = data.get("topic")
    if not isinstance(topic, str) or not topic.strip():
        raise CardError(f'{name}: needs a topic, for example topic = "Backpropagation"')
    if "::" in topic:
        raise CardError(f"{name}: topic {topic!r} may not contain '::' (it names a deck)")
    return topic.strip(), data


def _named(name: str, kind: str, number: int, row: object, keys: Iterable[str]) -> str:
    """The id of the ``kind`` ('card', 'cloze') table ``row``, checked with its keys."""
    if not isinstance(row, dict):
        raise CardError(f"{name}: {kind} {number}: must be a table")
    cid = row.get("id")
    if not isinstance(cid, str) or not ID.fullmatch(cid):
        raise CardError(
            f"{name}: {kind} {number}: needs an id of lowercase letters, digits, '-' and '.'"
        )
    extra = set(row) - set(keys)
    if extra:
        raise CardError(f"{name}: {kind} {cid!r}: unknown key {sorted(extra)[0]!r}")
    return cid


def _card(name: str, topic: str, number: int, row: object) -> Card:
    cid = _named(name, "card", number, row, CARD_KEYS)
    where = f"{name}: card {cid!r}"
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
    figure = row.get("figure", "")
    if not isinstance(figure, str):
        raise CardError(f"{where}: figure must be a string")
    if figure:
        from .figures.gallery import NAMES

        if figure not in NAMES:
            raise CardError(f"{where}: unknown figure {figure!r} (one of {', '.join(NAMES)})")
    return Card(id=cid, topic=topic, source=name, figure=figure, **fields)


def _cloze(name: str, topic: str, number: int, row: object) -> Cloze:
    cid = _named(name, "cloze", number, row, CLOZE_KEYS)
    where = f"{name}: cloze {cid!r}"
    fields = {}
    for key in ("section", "text", "extra"):
        value = row.get(key, "")
        if not isinstance(value, str):
            raise CardError(f"{where}: {key} must be a string")
        if key != "extra" and not value.strip():
            raise CardError(f"{where}: {key} is empty")
        fields[key] = value.strip()
    text = fields["text"]
    if not DELETION.search(text):
        raise CardError(f"{where}: text has no deletion {{{{c1::…}}}}")
    shown = DELETION.sub(lambda m: m.group(2), text)  # the back: every deletion shown
    hidden = DELETION.sub("[...]", text)  # a front: Anki writes [...] (in math too)
    checked = (("text", shown), ("text, deletions hidden", hidden), ("extra", fields["extra"]))
    for key, value in checked:
        for problem in problems(value):
            raise CardError(f"{where}: {key}: {problem}")
    if UNCLOSED.search(shown):
        raise CardError(f"{where}: text: a deletion {{{{c…:: is never closed by }}}}")
    return Cloze(id=cid, topic=topic, source=name, **fields)


def topics(cards: Iterable[Card]) -> list[str]:
    """The topics of ``cards``, in the order they first appear."""
    return list(dict.fromkeys(c.topic for c in cards))
