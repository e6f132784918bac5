"""The problems found in the files, kept short however many there are.

A hostile or broken submissions file can have a million bad rows. Each kind of problem
(a student not on the roster, a question that does not exist, a duplicate, …) keeps
its first :data:`SHOWN` issues in full and counts the rest, which the summary reports
in one line: "… and 999,980 more rows: a student not on the roster". Memory and the
summary stay small; nothing is silently dropped.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .submissions import Issue

SHOWN = 20  # issues of one kind listed in full


@dataclass(frozen=True)
class More:
    """``count`` more issues of ``kind`` than were listed."""

    kind: str
    count: int

    def __str__(self) -> str:
        rows = "row" if self.count == 1 else "rows"
        return f"… and {self.count:,} more {rows}: {self.kind}"


class Issues:
    """Issues by kind, the first :data:`SHOWN` of each kept. Each kept issue may carry
    its place (``at``: the row's place among every row read), so that the issues found
    apart (each student's, in the worker that grades them) are put together in the
    files' order (:meth:`merged`)."""

    def __init__(self, shown: int = SHOWN):
        self.shown = shown
        self.kept: list[Issue] = []
        self.per_kind: Counter[str] = Counter()
        self.places: list[tuple[int, str]] = []  # (at, kind) of each kept issue

    def add(self, issue: Issue, kind: str, at: int = 0) -> None:
        self.per_kind[kind] += 1
        if self.per_kind[kind] <= self.shown:
            self.keep(issue, kind, at)

    def count(self, kind: str) -> bool:
        """Count one issue of ``kind``; whether it is to be listed (then ``keep`` it):
        the message of an issue only counted is never made."""
        self.per_kind[kind] += 1
        return self.per_kind[kind] <= self.shown

    def keep(self, issue: Issue, kind: str, at: int = 0) -> None:
        self.kept.append(issue)
        self.places.append((at, kind))

    @classmethod
    def merged(cls, parts: list[Issues]) -> Issues:
        """The issues of ``parts`` as if found one after another in the order of their
        places: the same issues kept, and kinds counted in the same order. Each part
        keeps the first few of a kind, so the first few of all are among them."""
        out = cls(parts[0].shown if parts else SHOWN)
        found = [(place, issue) for part in parts for place, issue in zip(part.places, part.kept)]
        found.sort(key=lambda kept: kept[0][0])
        for (at, kind), issue in found:
            out.add(issue, kind, at)
        for part in parts:
            replayed = Counter(kind for _, kind in part.places)
            for kind, n in part.per_kind.items():
                out.per_kind[kind] += n - replayed[kind]
        return out

    def uncounted(self, kind: str, n: int) -> None:
        """``n`` more of ``kind``, beyond every one added (none of them listed)."""
        if n:
            self.per_kind[kind] = max(self.per_kind[kind], self.shown) + n

    def listed(self) -> tuple[Issue, ...]:
        """The kept issues by line."""
        return tuple(sorted(self.kept, key=lambda i: i.line))

    def more(self) -> tuple[More, ...]:
        """What was counted but not kept, by kind."""
        return tuple(
            More(kind, n - self.shown) for kind, n in self.per_kind.items() if n > self.shown
        )

    @property
    def total(self) -> int:
        return sum(self.per_kind.values())
