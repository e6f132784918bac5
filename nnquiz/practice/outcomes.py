"""What the practice engine (:mod:`.engine`) tells a face: plain frozen data, no text
layout. The terminal (:mod:`.session`) and a web page turn these into what they show;
the words both say are in :mod:`.words`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Any

from .course import Item
from .store import Recorded

if TYPE_CHECKING:
    from ..answers import Grade
    from .summary import Outlook

DEFAULT_MAX_REVIEWS = 200  # scheduled reviews a day, as Anki's default
PUT_OFF_AFTER = 3  # misses of one skill in a session before it is put off to tomorrow


@dataclass(frozen=True)
class Options:
    """A session's options (``nnquiz practice``'s flags)."""

    families: tuple[str, ...] = ()
    new: int | None = None
    limit: int | None = None
    cram: bool = False
    max_reviews: int = DEFAULT_MAX_REVIEWS


@dataclass(frozen=True)
class Start:
    """The session planned: ``due`` and ``new`` items queued (for cram: started and not
    started); ``soon``: cards in their learning steps queued that are not due yet but
    will be within LEARN_AHEAD (20 minutes). ``capped``: the daily review cap was
    reached before it began."""

    due: int
    new: int
    cram: bool
    capped: bool = False
    done_today: int = 0
    soon: int = 0

    @property
    def empty(self) -> bool:
        return self.due + self.new + self.soon == 0


@dataclass(frozen=True)
class Next:
    """The next item to show: a problem (``shown``: a Problem, or a ProblemView read
    from JSON) or a concept card (``item.concept``). ``number`` counts this session's
    reviews from 1; ``queued`` is what is left after it. ``early``: when the item is due,
    if it is shown before (a card in its learning steps, shown early because nothing
    else is left: Anki's learn-ahead); a face says so (``words.early_line``)."""

    item: Item
    number: int
    queued: int
    shown: Any = None
    early: datetime | None = None


@dataclass(frozen=True)
class Stop:
    """The session is over: ``why`` is 'done', 'limit' (--limit) or 'cap' (the daily
    review cap)."""

    why: str
    count: int = 0


@dataclass(frozen=True)
class Wait:
    """Only cards in their learning steps are left, none due yet: the soonest, and when."""

    item: Item
    until: datetime


@dataclass(frozen=True)
class Retry:
    """Parts to type again, at no cost: (label, why) for each (a slip of shape, an
    answer that cannot be read, a decimal comma)."""

    parts: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Preview:
    """How the answer typed so far for one part would be read, before it is sent (the
    "read as" a page shows as the student types): ``read_as``, the value written back
    (None when it cannot be read); ``why``, what would have it typed again at no cost
    (None when it would be graded)."""

    read_as: str | None
    why: str | None


@dataclass(frozen=True)
class Progress:
    """Where a session is: ``due`` and ``new`` items still to show (the one on screen
    included; new ones were never started), ``done`` this session's reviews, ``today``
    the scheduled reviews of the practice day (every session's, the daily cap's count)."""

    due: int
    new: int
    done: int
    today: int


@dataclass(frozen=True)
class Outcome:
    """A review recorded.

    - ``grade``: the graded answer (None for a skip or a concept card); ``texts``: what
      was typed for each part (the part given up on is ``skip``).
    - ``rating``: the FSRS rating (None in cram); ``due``: when the card is due next
      (None in cram); ``learning``: it is in its learning steps, due in minutes;
      ``ahead``: it is shown next all the same, before it is due, since nothing else is
      left (Anki's learn-ahead); ``days``: in review state, the practice days until its
      due day (a practice day starts at 4 a.m.; the card is due all that day).
    - ``put_off``: missed PUT_OFF_AFTER times this session, the skill waits for
      tomorrow (in cram, for another session); ``leech``: the lapses to tell the
      student about, when it has just become (or is still) a leech.
    - ``repaired``: a note when the card's schedule had to be worked out again.
    - ``solution``: the worked solution to show now (after a miss or a skip).
    """

    item: Item
    correct: bool
    rating: int | None
    at: datetime
    due: datetime | None = None
    learning: bool = False
    ahead: bool = False
    days: int | None = None
    grade: Grade | None = None
    texts: dict[str, str] = field(default_factory=dict)
    skipped: bool = False
    put_off: bool = False
    leech: int | None = None
    repaired: str | None = None
    solution: str | None = None
    problem_id: str | None = None
    parts: int = 0  # the problem's number of parts (0 for a concept card)
    answers: tuple[tuple[str, str], ...] = ()  # (label, '≈ 0.7311') for every part


@dataclass(frozen=True)
class Recap:
    """A problem reviewed, for the lines under its worked solution: what was typed for
    each part (``texts``; the part given up on is ``skip``), its grade (None for a
    skip), and every part's right answer (``answers``: (label, '≈ 0.7311'))."""

    texts: dict[str, str]
    grade: Grade | None
    answers: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Undone:
    """What ``undo`` did: ``ok`` when a review was taken back (``key``), ``fresh`` when
    its problem comes back with new numbers (its worked solution had been shown)."""

    ok: bool
    key: str | None = None
    fresh: bool = False
    why: str = ""


@dataclass(frozen=True)
class Summary:
    """A session's figures: reviews, hits, the answering time (the sum of the reviews'
    durations, as ``nnquiz stats`` counts it), and when cards are due."""

    reviewed: int
    correct: int
    seconds: float
    outlook: Outlook
    now: datetime
    zone: tzinfo


@dataclass(frozen=True)
class Done:
    """One review of this session: enough to undo it and show its problem again.
    ``asked`` when the student asked for its worked solution (``s``)."""

    item: Item
    recorded: Recorded
    problem: Any = None
    asked: bool = False
    grade: Any = None  # the Grade of its answers (None for a skip or a concept card)

    @property
    def solution_shown(self) -> bool:
        """Whether its worked solution was on screen: after a miss or a skip (shown
        at once), or when asked for."""
        return self.problem is not None and (self.asked or not self.recorded.review.correct)
