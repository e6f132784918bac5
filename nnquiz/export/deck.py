"""``nnquiz export``: concept cards and verified numeric variants, written as one ``.apkg``.

What goes in is decided by :class:`ExportOptions` and :func:`plan`; problems come from a
*source*, one swappable function from the planned ``(family, difficulty, seed)`` list to
problems (the default generates them one by one in this process). Families and topics
come from the registry, so a family added later is exported without a change here.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..concepts import Card, Cloze
from ..problems.model import DIFFICULTIES, Problem
from .notes import NoteSpec, cloze_note, concept_note, problem_note
from .notetypes import CLOZE, CONCEPT
from .package import ApkgWriter, export_timestamp
from .variants import Source, Spec, distinct

DEFAULT_VARIANTS = 5
DEFAULT_SEED = 1
MAX_VARIANTS = 100_000


@dataclass(frozen=True)
class ExportOptions:
    """What to export. Empty ``families`` means every registered family."""

    variants: int = DEFAULT_VARIANTS
    families: tuple[str, ...] = ()
    difficulties: tuple[str, ...] = DIFFICULTIES
    seed: int = DEFAULT_SEED
    concepts: bool = True


@dataclass(frozen=True)
class Summary:
    """What an export wrote: notes per deck (in the order first written)."""

    path: Path
    timestamp: float
    decks: dict[str, int] = field(default_factory=dict)
    concepts: int = 0
    problems: int = 0
    clozes: int = 0
    # (family, difficulty) -> (problems written, problems asked for), where fewer distinct
    # questions exist than were asked for (a small grid of values)
    short: dict[tuple[str, str], tuple[int, int]] = field(default_factory=dict)

    @property
    def notes(self) -> int:
        return self.concepts + self.clozes + self.problems


def plan(options: ExportOptions) -> list[Spec]:
    """The problems to export: for each family (in the notes' order) and difficulty
    (easy first), seeds ``seed``, ``seed + 1``, … ``seed + variants - 1``."""
    from ..problems import registry

    wanted = set(options.families)
    order = [f.id for f in registry.families() if not wanted or f.id in wanted]
    diffs = [d for d in DIFFICULTIES if d in options.difficulties]
    return [
        (fam, d, options.seed + k) for fam in order for d in diffs for k in range(options.variants)
    ]


def generate_problems(specs: Sequence[Spec]) -> Iterator[Problem]:
    """The default source: the planned problems in plan order, made on every core when
    there are many (``nnquiz.problems.batch.generate_many``)."""
    from ..problems.batch import generate_many

    yield from generate_many((fam, seed, difficulty) for fam, difficulty, seed in specs)


def note_stream(
    cards: Sequence[Card | Cloze], specs: Sequence[Spec], source: Source = generate_problems
) -> Iterator[NoteSpec]:
    """Concept and cloze notes first (in the order given), then one note per planned
    problem (a problem that repeats an earlier question is replaced by the next seed: see
    ``variants``)."""
    from ..problems.registry import MAX_SEED

    for card in cards:
        yield cloze_note(card) if isinstance(card, Cloze) else concept_note(card)
    for problem in distinct(specs, source, MAX_SEED):
        yield problem_note(problem)


def export(
    path: Path,
    cards: Sequence[Card | Cloze],
    specs: Sequence[Spec],
    *,
    source: Source = generate_problems,
    now: Callable[[], float] = time.time,
    progress: Callable[[int], None] | None = None,
) -> Summary:
    """Write ``cards`` (concept cards and cloze notes) and the problems of ``specs`` to
    ``path`` (replaced atomically).

    ``progress(n)`` is called after each note with the number of notes written so far.
    """
    timestamp = export_timestamp(path, now())
    concepts = clozes = 0
    written: Counter[tuple[str, str]] = Counter()
    with ApkgWriter(timestamp) as writer:
        for n, note in enumerate(note_stream(cards, specs, source), 1):
            writer.add(note)
            if note.kind is CONCEPT:
                concepts += 1
            elif note.kind is CLOZE:
                clozes += 1
            else:
                written[note.fields[4], note.fields[5]] += 1  # Family, Difficulty
            if progress is not None:
                progress(n)
        writer.write(path)
        decks = dict(writer.counts)
    asked = Counter((f, d) for f, d, _ in specs)
    short = {g: (written[g], n) for g, n in asked.items() if written[g] < n}
    return Summary(path, timestamp, decks, concepts, written.total(), clozes=clozes, short=short)
