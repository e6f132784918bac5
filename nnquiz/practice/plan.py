"""What a session shows and in which order. Pure: the rows and the time are passed in.

- Due cards first (the most overdue first), then at most ``new`` new items.
- A card still (re)learning after its review (a miss, or a new card on its first
  learning step) comes back later in the same session: after GAP other items, or
  at the end when fewer are left, and not before it is due. As in Anki, one may be
  shown up to LEARN_AHEAD early when nothing else is left (:meth:`Queue.ahead`),
  unless it was rated Again: that one always waits for its step.
- Cards in their learning steps that fall due within LEARN_AHEAD of the start are
  queued too, first, each waiting for its due time.
- ``--cram`` shows every selected card, those started first (soonest due first), then
  the rest in course order, and changes no schedule; a miss still comes back once.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Sequence
from datetime import timedelta

from .course import Item

GAP = 3  # items shown before a missed one comes back
LEARN_AHEAD = timedelta(minutes=20)  # Anki's learn-ahead limit for learning steps
DEFAULT_NEW_PER_DAY = 10


def wanted(item: Item, families: Sequence[str]) -> bool:
    """Whether ``--family`` keeps the item (with families named, concept cards stay out)."""
    if not families:
        return True
    return item.kind == "problem" and item.family in families


def new_allowance(new: int | None, started_today: int, per_day: int = DEFAULT_NEW_PER_DAY) -> int:
    """New items for this session: ``--new N`` when given, else what is left of the
    daily limit after the items started earlier today."""
    if new is not None:
        return max(0, new)
    return max(0, per_day - started_today)


def session(due: Iterable[Item], new: Iterable[Item], allowance: int) -> list[Item]:
    """Due items, then the first ``allowance`` new ones."""
    out = list(due)
    seen = {i.key for i in out}
    for item in new:
        if allowance <= 0:
            break
        if item.key not in seen:
            out.append(item)
            seen.add(item.key)
            allowance -= 1
    return out


class Queue:
    """The items still to show this session, in order; an item may wait for a time
    (``not_before``, Unix seconds: a card in its learning steps, until it is due), and
    may then be shown up to LEARN_AHEAD early when nothing else is left (``early``;
    never a card rated Again)."""

    def __init__(self, items: Iterable[Item] = ()):
        self._items: deque[tuple[Item, float | None, bool]] = deque((i, None, False) for i in items)

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self):
        return (item for item, _, _ in self._items)

    def pop(self, now: float | None = None) -> Item | None:
        """The first item that may be shown at ``now`` (any, without a time); None when
        the queue is empty or every item left waits (see :meth:`ahead`, :meth:`waiting`)."""
        k = self._ready(now)
        return None if k is None else self._take(k)[0]

    def ahead(self, now: float) -> tuple[Item, float] | None:
        """When every item left waits: the soonest due of those that may be shown early,
        if it falls due within LEARN_AHEAD of ``now``, taken off the queue with its due
        time (Anki's learn-ahead); None otherwise."""
        k = self._early(now)
        return None if k is None else self._take(k)

    def upcoming(self, now: float) -> tuple[Item, float | None] | None:
        """What :meth:`pop`, else :meth:`ahead`, would give at ``now`` (the item, and its
        due time when it would be shown early), taking nothing off the queue."""
        k = self._ready(now)
        if k is not None:
            return self._items[k][0], None
        k = self._early(now)
        return None if k is None else (self._items[k][0], self._items[k][1])

    def _ready(self, now: float | None) -> int | None:
        for k, (_, not_before, _) in enumerate(self._items):
            if now is None or not_before is None or not_before <= now:
                return k
        return None

    def _early(self, now: float) -> int | None:
        if self._ready(now) is not None:
            return None
        limit = now + LEARN_AHEAD.total_seconds()
        early = [(t, k) for k, (_, t, ok) in enumerate(self._items) if ok and t <= limit]
        return min(early)[1] if early else None

    def _take(self, k: int) -> tuple[Item, float]:
        item, t, _ = self._items[k]
        del self._items[k]
        return item, t

    def waiting(self) -> tuple[Item, float] | None:
        """The item that may be shown soonest, and when, when every item left waits."""
        times = [(t, k) for k, (_, t, _) in enumerate(self._items) if t is not None]
        if not times or len(times) < len(self._items):
            return None
        t, k = min(times)
        return self._items[k][0], t

    def put_back(self, item: Item) -> None:
        """Show ``item`` next (an undone review, or a problem left for it)."""
        self.discard(item.key)
        self._items.appendleft((item, None, False))

    def again(
        self, item: Item, gap: int = GAP, not_before: float | None = None, early: bool = False
    ) -> None:
        """Show ``item`` again after ``gap`` others (or last, when fewer are left), not
        before ``not_before`` when given, unless ``early`` and nothing else is left."""
        self.discard(item.key)
        self._items.insert(min(gap, len(self._items)), (item, not_before, early))

    def discard(self, key: str) -> None:
        kept = [x for x in self._items if x[0].key != key]
        if len(kept) != len(self._items):
            self._items = deque(kept)
