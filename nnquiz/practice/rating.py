"""How an answer becomes an FSRS rating, and when a card is a leech. Pure.

Typed answers are rated automatically, as the FSRS authors advise: a miss is Again,
a hit is Good, and a hit on a mature card answered fast may be Easy. A miss is never
Hard, because FSRS counts Hard as a pass. Concept cards are rated by the student.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence

AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4  # the values of fsrs.Rating
NAMES = {AGAIN: "Again", HARD: "Hard", GOOD: "Good", EASY: "Easy"}

MATURE_DAYS = 21  # Anki's rule: a card whose interval is 21 days or more is mature
FAST = 0.5  # "fast": at most half the median time of the card's earlier hits
MIN_HISTORY = 3  # earlier hits needed before a time can be called fast
LEECH_LAPSES = 8  # Anki's leech threshold
LEECH_REPEAT = 4  # ... and the student is told again every 4 lapses after it


def auto(correct: bool, mature: bool, fast: bool) -> int:
    """Again for a miss, Easy for a fast hit on a mature card, Good for any other hit."""
    if not correct:
        return AGAIN
    return EASY if mature and fast else GOOD


def is_mature(state: int, due: float, last_review: float | None) -> bool:
    """A card in review state whose current interval is at least MATURE_DAYS."""
    if state != 2 or last_review is None:
        return False
    return (due - last_review) >= MATURE_DAYS * 86400 - 1


def is_fast(seconds: float, earlier: Sequence[float]) -> bool:
    """At most FAST times the median of earlier correct durations (MIN_HISTORY or more)."""
    if len(earlier) < MIN_HISTORY:
        return False
    return seconds <= FAST * statistics.median(earlier)


def is_lapse(state_before: int, rating: int) -> bool:
    """Forgetting a card in review state (learning cards do not lapse)."""
    return state_before == 2 and rating == AGAIN


def tell_leech(lapses: int) -> bool:
    """Whether to tell the student that this card is a leech, after its latest lapse."""
    return lapses >= LEECH_LAPSES and (lapses - LEECH_LAPSES) % LEECH_REPEAT == 0


def parse_self_rating(text: str) -> int | None:
    """A concept card's rating as typed: 1-4, a letter, or the word; Enter means Good."""
    t = text.strip().lower()
    if not t:
        return GOOD
    for value, name in NAMES.items():
        if t in (str(value), name.lower(), name[0].lower()):
            return value
    return None
