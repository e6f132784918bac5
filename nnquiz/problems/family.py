"""What a problem family is: draw a variant, build its parts and worked solution.

A family module defines ``draw`` and ``build`` and ends with ``FAMILY = Family(...)``;
the registry does the rest. Generation and ``nnquiz solve`` share ``build``: generation
draws ``given`` and ``asks`` from a seeded generator and redraws variants that do not
teach; ``solve`` takes them from the user, after ``validate``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..figures import Figure
from .chains import Chains, no_chains
from .model import Answer, Mistake, Part, Step, is_finite, shape


class Redraw(Exception):
    """Raised by ``draw`` for a degenerate variant: the registry draws again."""


class GivenError(ValueError):
    """A user-written problem is malformed; ``field`` names the value at fault."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field


@dataclass(frozen=True)
class Rendered:
    """A problem's statement and worked solution, in text and LaTeX."""

    question_text: str
    question_latex: str
    steps: tuple[Step, ...]


class once:
    """``functools.cached_property`` without its lock: the value computed on first access
    and kept in the instance's ``__dict__``. Python 3.11's takes an RLock on every first
    access (about 3,000 instructions; 3.12 dropped it), and generation makes several such
    values for every variant drawn. Not for an instance shared between threads."""

    def __init__(self, func: Callable[[Any], Any]):
        self.func, self.name = func, func.__name__
        self.__doc__ = func.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.func(obj)
        return value


def _force(value):
    return value() if callable(value) else value


class Built:
    """What ``build`` returns: everything of a problem but its identity.

    ``parts``, ``degenerate``, ``mistakes``, ``rounded``, ``rendered`` and ``figures`` may
    be given as zero-argument functions, each called once, when first needed: generation
    asks for ``degenerate`` first, so a variant it redraws costs only what that check
    needs; it computes ``mistakes`` and ``rounded`` only for a variant that passed the
    cheaper checks (the answers' sizes), and renders (and draws) only the variant it keeps.

    ``rounded`` holds each part's answer as a student gets it who rounds every value the
    worked solution shows (to its shown digits) and carries it forward; the registry
    redraws a variant whose rounded answers fall outside tolerance.
    """

    def __init__(
        self,
        title: str,
        parts: Sequence[Part] | Callable[[], Sequence[Part]],
        rendered: Rendered | Callable[[], Rendered],
        mistakes: Sequence[Mistake] | Callable[[], Sequence[Mistake]] = (),
        rounded: dict[str, Answer] | Callable[[], dict[str, Answer]] | None = None,
        *,
        degenerate: str | None | Callable[[], str | None] = None,
        min_magnitude: float = 1e-3,
        max_magnitude: float = 1e3,
        allow_zero: bool = False,
        min_mistakes: int = 2,
        figures: Sequence[Figure] | Callable[[], Sequence[Figure]] = (),
    ):
        self.title = title
        self._figures = figures
        self._parts = parts
        self._rendered = rendered
        self._mistakes = mistakes
        self._rounded = rounded or {}
        self._degenerate = degenerate
        # answers below min_magnitude (other than exact zeros) are refused as degenerate
        self.min_magnitude = min_magnitude
        self.max_magnitude = max_magnitude
        self.allow_zero = allow_zero  # may a whole answer be 0 (a dead ReLU's output)?
        self.min_mistakes = min_mistakes

    @once
    def parts(self) -> tuple[Part, ...]:
        return tuple(_force(self._parts))

    @once
    def degenerate(self) -> str | None:
        """Why generation must redraw this variant (None: it teaches); ``solve`` ignores it."""
        return _force(self._degenerate)

    @once
    def mistakes(self) -> tuple[Mistake, ...]:
        return tuple(_force(self._mistakes))

    @once
    def rounded(self) -> dict[str, Answer]:
        return _force(self._rounded)

    @once
    def rendered(self) -> Rendered:
        return _force(self._rendered)

    @once
    def figures(self) -> tuple[Figure, ...]:
        """The figures of the question and the solution (drawn with the statement)."""
        return tuple(_force(self._figures))


def same(a: Answer, b: Answer) -> bool:
    """The same answer up to floating-point rounding (1e-9 relative)."""
    if not isinstance(a, list) and not isinstance(b, list):  # two numbers: the common case
        return abs(a - b) <= 1e-12 + 1e-9 * abs(b)
    if shape(a) != shape(b):
        return False
    if a and isinstance(a[0], list):  # two matrices of one shape: their entries in order
        a, b = [x for r in a for x in r], [y for r in b for y in r]
    return all(abs(x - y) <= 1e-12 + 1e-9 * abs(y) for x, y in zip(a, b))


def collect_mistakes(
    candidates: Sequence[tuple[str, str, Sequence[Answer | None]]],
    labels: Sequence[str],
    right: Sequence[Answer],
) -> tuple[Mistake, ...]:
    """Mistakes from ``(id, message, wrong answer per part)``, keeping only what they change.

    A part whose wrong answer is None or equals the right one is left out of that mistake;
    a mistake that changes no part (or gives a non-finite value) does not apply here.
    """
    out = []
    for mid, message, wrong in candidates:
        changed: dict[str, Answer] = {}
        finite = True
        for label, w, r in zip(labels, wrong, right):
            if w is None or same(w, r):
                continue
            finite = finite and is_finite(w)
            changed[label] = w
        if changed and finite:
            out.append(Mistake(mid, message, changed))
    return tuple(out)


Draw = Callable[[np.random.Generator, str], tuple[dict[str, Any], Sequence[str]]]
Build = Callable[[dict[str, Any], Sequence[str]], Built]
Validate = Callable[[dict[str, Any]], dict[str, Any]]
DefaultAsks = Callable[[dict[str, Any]], Sequence[str]]
Unread = Callable[[dict[str, Any], Sequence[str]], None]


def all_read(given: dict[str, Any], asks: Sequence[str]) -> None:
    """The default ``unread`` check: every key ``validate`` lets through is read."""


@dataclass(frozen=True)
class Family:
    """A parametric problem family.

    - ``draw(rng, difficulty) -> (given, asks)`` picks the numbers from short-decimal grids.
    - ``build(given, asks) -> Built`` computes answers, mistakes and the worked solution.
    - ``validate(given) -> given`` checks a user-written ``given`` (raises GivenError).
    - ``default_asks(given)`` is what ``solve`` asks when the user names nothing.
    - ``chains(asks)``: which parts follow from earlier ones by a formula, for error
      carried forward (:mod:`nnquiz.problems.chains`); none by default.
    - ``unread(given, asks)`` raises GivenError for a key of a checked ``given`` that
      none of ``asks`` reads (``solve``: a learning rate given to a forward pass).
    """

    id: str
    topic: str
    title: str
    draw: Draw
    build: Build
    validate: Validate
    default_asks: DefaultAsks
    asks_doc: str = ""
    given_doc: str = ""
    version: int = 1
    chains: Chains = no_chains
    unread: Unread = all_read
