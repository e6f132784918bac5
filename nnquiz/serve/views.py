"""What the page shows of a problem and of a concept card: HTML with MathML, made on
the server (``render.mathml``, the converter the homework sheets use), from the
problem's JSON (schema 1, the form every problem has: one made ahead is read from it,
a fresh one gives it with ``to_dict``). Text is escaped; only the MathML and the
figures' SVG are markup, and the Jinja templates escape everything else."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from ..answers import answer_shape, describe_shape
from ..render import mathml

LETTERS = "abcdefghijklmnopqrstuvwxyz"
_XML_HEAD = re.compile(r"\A\s*(?:<\?xml[^>]{0,200}\?>\s*)?(?:<!DOCTYPE[^>]{0,300}>\s*)?")
# what an inline SVG of nnquiz's never holds: script, foreign HTML, handlers, links out
_UNSAFE = re.compile(
    r"<\s*(?:script|foreignObject|iframe|object|embed)\b|\son[a-z]+\s*=|"
    r"(?:href|src)\s*=\s*[\"']?\s*(?!#)[^\s\"'>]",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class FigureView:
    name: str
    svg: Markup  # the SVG inline ('' when it was refused: the alt text stands in)
    alt: str


@dataclass(frozen=True)
class PartView:
    label: str
    prompt: Markup
    shape: str  # 'a vector of 3 entries'
    example: str  # how to type it: '[a, b, c]'


@dataclass(frozen=True)
class ProblemView:
    id: str
    title: str
    difficulty: str
    statement: Markup
    parts: tuple[PartView, ...]
    figures: tuple[FigureView, ...]  # the question's


def data_of(shown: Any) -> dict:
    """The problem JSON of what the engine shows: a ProblemView read from JSON keeps it
    (``data``), a Problem makes it."""
    data = getattr(shown, "data", None)
    return data if isinstance(data, dict) else shown.to_dict()


def problem_view(data: dict) -> ProblemView:
    """The question side of a problem (its statement, parts and question figures)."""
    return ProblemView(
        id=data["id"],
        title=data["title"],
        difficulty=data["difficulty"],
        statement=Markup(mathml.to_html(data["question"]["latex"])),
        parts=tuple(_part(p) for p in data["parts"]),
        figures=figures(data, "question"),
    )


def _part(p: dict) -> PartView:
    prompt = p.get("prompt_latex") or p["prompt"]
    shape = answer_shape(p["answer"])
    return PartView(
        p["label"],
        Markup(mathml.inline_html(prompt, displaystyle=True)),
        describe_shape(shape),
        example(shape),
    )


def solution_html(data: dict) -> Markup:
    return Markup(mathml.to_html(data["solution"]["latex"]))


def figures(data: dict, where: str) -> tuple[FigureView, ...]:
    """The figures of the question or of the solution (``figures`` of the problem JSON:
    name, where, svg, alt). An SVG that is not what nnquiz draws (a script, a handler,
    a link out of the page) is not put in the page: its description is shown."""
    out = []
    for f in data.get("figures") or ():
        if not isinstance(f, dict) or f.get("where") != where:
            continue
        svg = _XML_HEAD.sub("", str(f.get("svg", "")), count=1)
        safe = svg.lstrip().startswith("<svg") and not _UNSAFE.search(svg)
        out.append(FigureView(str(f.get("name", "")), Markup(svg if safe else ""),
                              str(f.get("alt", ""))))  # fmt: skip
    return tuple(out)


def example(shape: tuple[int, ...]) -> str:
    """How an answer of ``shape`` is typed: 'e.g. 0.25 or 1/4', '[a, b, c]', '[a b; c d]'."""
    if not shape:
        return "e.g. 0.25 or 1/4"
    if len(shape) == 1:
        n = shape[0]
        return "[" + (", ".join(LETTERS[:n]) if n <= 6 else f"x1, x2, …, x{n}") + "]"
    rows, cols = shape
    if rows * cols > 12:
        return f"{rows} rows of {cols}, rows split by ;: [a b …; c d …]"
    letters = iter(LETTERS)
    return "[" + "; ".join(" ".join(next(letters) for _ in range(cols)) for _ in range(rows)) + "]"


@dataclass(frozen=True)
class CardView:
    key: str
    where: str  # 'topic · section'
    front: Markup
    back: Markup
    erratum: Markup
    figures: tuple[FigureView, ...]  # shown with the back


def card_view(key: str, card: Any) -> CardView:
    topic = getattr(card, "topic", "") or ""
    erratum = getattr(card, "erratum", "") or ""
    return CardView(
        key=key,
        where=" · ".join(x for x in (topic, card.section) if x),
        front=Markup(mathml.card_html(card.front)),
        back=Markup(mathml.card_html(card.back)),
        erratum=Markup(mathml.card_html(erratum)) if erratum else Markup(""),
        figures=card_figures(card),
    )


def card_figures(card: Any) -> tuple[FigureView, ...]:
    """A concept card's figure (``figure = NAME`` in its TOML, drawn by the card's
    ``drawing()``), if it has one: shown with its back, as Anki shows it."""
    drawing = getattr(card, "drawing", None)
    f = drawing() if getattr(card, "figure", "") and callable(drawing) else None
    if f is None:
        return ()
    return figures({"figures": [{"name": f.name, "where": "back", "svg": f.svg, "alt": f.alt}]},
                   "back")  # fmt: skip
