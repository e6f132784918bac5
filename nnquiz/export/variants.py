"""Distinct variants: no two problem notes of a deck ask the same question.

A family with a small grid of values (easy softmax draws small whole numbers) can give
two seeds the same numbers. A deck must not hold the same card twice, so a problem whose
question repeats an earlier one is skipped and the next unused seed of its family and
difficulty takes its place. Seeds are walked in order, so the same options always give
the same problems, and more variants only add problems.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence

from ..problems.model import Problem

MAX_EXTRA = 1000  # further seeds tried per family and difficulty before giving up
ROUND = 50  # seeds tried in one round of replacements for a family and difficulty

Spec = tuple[str, str, int]  # (family id, difficulty, seed)
Source = Callable[[Sequence[Spec]], Iterable[Problem]]
Group = tuple[str, str]  # (family id, difficulty)


def question_key(p: Problem) -> tuple:
    """What a student sees on the front of the card."""
    return (
        p.family,
        p.difficulty,
        p.question_latex,
        tuple(q.prompt_latex or q.prompt for q in p.parts),
    )


def distinct(specs: Sequence[Spec], source: Source, max_seed: int) -> Iterator[Problem]:
    """The problems of ``specs`` from ``source``, duplicates replaced by later seeds.

    All of ``specs`` goes to ``source`` in one call (a parallel source keeps its speed).
    Replacements follow in further calls of at least ROUND seeds a group (a few seeds
    may all repeat even when new questions remain), at most MAX_EXTRA seeds a group, and
    none after a round that found nothing new. A group whose grid runs out yields fewer
    problems than asked.
    """
    wanted = Counter((f, d) for f, d, _ in specs)
    last: dict[Group, int] = {}
    for f, d, s in specs:
        last[(f, d)] = max(last.get((f, d), s), s)
    got: Counter[Group] = Counter()
    tried: Counter[Group] = Counter()
    seen: set[tuple] = set()
    exhausted: set[Group] = set()
    batch: Sequence[Spec] = specs
    while batch:
        before = got.copy()
        for p in source(batch):
            g = (p.family, p.difficulty)
            key = question_key(p)
            if key not in seen and got[g] < wanted[g]:
                seen.add(key)
                got[g] += 1
                yield p
        if batch is not specs:
            exhausted |= {(f, d) for f, d, _ in batch if got[(f, d)] == before[(f, d)]}
        batch = []
        for g, n in wanted.items():
            if got[g] >= n or g in exhausted:
                continue
            k = min(max(n - got[g], ROUND), MAX_EXTRA - tried[g], max_seed - last[g])
            batch += [(g[0], g[1], last[g] + i + 1) for i in range(k)]
            last[g] += max(k, 0)
            tried[g] += max(k, 0)
