"""Concept cards for practice: whatever ``cards/*.toml`` holds (none: no concept cards).

The cards are read and checked by the shared loader (``nnquiz.concepts``;
see ``cards/README.md`` for the format): a duplicate id, an empty side or math MathJax
would refuse stops practice with an error naming the file and the card. Practice uses
only ``id``, ``front``, ``back`` and ``section`` of a card, and ``topic`` and ``erratum``
when present: text with MathJax math ``\\( \\)`` and ``\\[ \\]``, which the screen
turns into Unicode.
"""

from __future__ import annotations

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


def load(folder: Traversable | Path | None = None) -> list:
    """The cards of every ``*.toml`` file in ``folder`` (default: the shipped cards/), in
    file-name order; [] when there are none. UserError for a card that is not right."""
    from ..concepts import CardError, load_cards

    if folder is None:
        from .. import resources

        folder = resources.cards()
    try:
        if not any(f.name.endswith(".toml") for f in folder.iterdir()):
            return []
        return load_cards(folder)
    except (FileNotFoundError, NotADirectoryError):
        return []
    except CardError as e:
        raise UserError(f"concept card {e}") from None
