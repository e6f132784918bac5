"""A drawn figure: its SVG text, where it goes, and words that describe it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from .layout import Box

WHERE = ("question", "solution")


@dataclass(frozen=True)
class Figure:
    """One figure of a problem (or a concept card).

    ``svg`` is a complete SVG document (no scripts, no external references); ``alt``
    says in words what it shows (screen readers, the terminal); ``where`` is
    ``"question"`` or ``"solution"``. ``boxes`` are the layout's boxes of its text, units
    and markers (what the overlap tests read: ``layout`` holds them, or computes them when
    asked); they are not part of the JSON. ``stands_for`` (not in the JSON either) is the
    LaTeX of a block of the problem's statement that the figure shows in full, every
    number of it included (``separable``'s table of points): where room is short (a
    card's front on a phone) the figure may stand in for that block.
    """

    name: str
    where: str
    svg: str
    alt: str
    layout: tuple[Box, ...] | Callable[[], tuple[Box, ...]] = field(
        default=(), compare=False, repr=False
    )
    stands_for: str = field(default="", compare=False, repr=False)
    # written by nnquiz.figures (every text escaped by svg.esc, every attribute in
    # single quotes): its SVG holds no character a JSON string escapes
    plain: bool = field(default=False, compare=False, repr=False)

    @property
    def boxes(self) -> tuple[Box, ...]:
        return self.layout() if callable(self.layout) else self.layout

    def to_dict(self) -> dict[str, str]:
        return {"name": self.name, "where": self.where, "svg": self.svg, "alt": self.alt}

    @classmethod
    def from_dict(cls, d: dict[str, str]) -> Figure:
        return cls(d["name"], d["where"], d["svg"], d["alt"])
