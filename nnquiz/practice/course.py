"""What there is to practise: skills (a family at one difficulty) and concept cards.

A skill's key is ``family:difficulty`` (``backprop:medium``); a concept card's is
``card:ID``. New items are introduced in the order of the course notes (see
:func:`new_items`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from types import ModuleType

from .concepts import Concept

DIFFICULTIES = ("easy", "medium", "hard")
CONCEPT_PREFIX = "card:"


@dataclass(frozen=True)
class Item:
    """Something to review: a skill (``family``, ``difficulty``) or a ``concept`` card."""

    key: str
    kind: str  # "problem" or "concept"
    family: str | None = None
    difficulty: str | None = None
    concept: Concept | None = None


def easier(difficulty: str | None) -> str | None:
    """The difficulty below ``difficulty`` (None below easy, or for no difficulty)."""
    if difficulty not in DIFFICULTIES:
        return None
    i = DIFFICULTIES.index(difficulty)
    return DIFFICULTIES[i - 1] if i else None


def skill(family: str, difficulty: str) -> Item:
    return Item(f"{family}:{difficulty}", "problem", family, difficulty)


def concept(card: Concept) -> Item:
    return Item(CONCEPT_PREFIX + card.id, "concept", concept=card)


def new_items(
    families: Sequence[str], concepts: Sequence[Concept], started: set[str]
) -> list[Item]:
    """Items never reviewed, in the order to introduce them.

    Problems go through the families in the order of the notes, all easy ones first,
    then medium, then hard; concept cards in file order, which follows the notes too.
    The two alternate, a concept card first (the notes start with terms), so a day's new
    items are half problems and half cards while both last.
    """
    problems = [skill(f, d) for d in DIFFICULTIES for f in families]
    cards = [concept(c) for c in concepts]
    both: list[Item] = []
    for i in range(max(len(problems), len(cards))):
        both += cards[i : i + 1] + problems[i : i + 1]
    return [item for item in both if item.key not in started]


def item_for(row, concepts: dict) -> Item | None:
    """The item a stored card (a ``CardRow``) stands for; None when its concept card
    is no longer in cards/."""
    if row.kind == "concept":
        card = concepts.get(row.key[len(CONCEPT_PREFIX) :])
        return concept(card) if card is not None else None
    return Item(row.key, row.kind, row.family, row.difficulty)


# ---------------------------------------------------------------- family order


def cached_order(store) -> list[str] | None:
    """The family ids in the order of the notes, as kept in the database, or None.

    Finding the order means importing every family module (and NumPy), which would slow
    the start of a session; it is kept with a stamp of this nnquiz and its list of
    families, and worked out again (:func:`family_order`) when the stamp changes.
    """
    from .prepared import code_stamp

    cached = store.meta("family_order")
    if cached:
        try:
            data = json.loads(cached)
            if data["stamp"] == code_stamp():
                return list(data["families"])
        except (ValueError, KeyError, TypeError):
            pass
    return None


def family_order(store, registry: Callable[[], ModuleType]) -> list[str]:
    """The family ids in the order of the notes (``registry`` loads the registry)."""
    from .prepared import code_stamp

    order = cached_order(store)
    if order is None:
        order = registry().ids()
        stamp = code_stamp()
        store.set_meta("family_order", json.dumps({"stamp": stamp, "families": order}))
    return order


def restrict(order: Sequence[str], families: Sequence[str]) -> list[str]:
    """``order`` kept to ``families`` (--family), in the notes' order; none keeps all."""
    if not families:
        return list(order)
    return [f for f in order if f in families] + [f for f in families if f not in order]
