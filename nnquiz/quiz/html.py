r"""A variant as the HTML every platform shows: the statement, each part's prompt with
the places where the student types, and the worked solution.

Math comes in one of two forms: ``mathjax`` keeps the problem's ``\( \)`` and ``\[ \]``
LaTeX (HTML-escaped, which MathJax reads back), for Moodle's MathJax filter and
PrairieLearn; ``mathml`` turns it into MathML when the file is written (as the homework
sheets do), for Canvas, which shows MathML in question text and loads no MathJax for it.

A vector part is asked as a column of boxes and a matrix part as a grid, each box
labelled by its place, so a student sees the answer's shape before typing: the platform
module says what a box is (``blank``).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from ..export.html import block_html
from ..export.html import inline_html as mathjax_inline
from ..figures.svg import standalone
from ..problems.model import Part, Problem
from ..render.mathml import inline_html as mathml_inline
from ..render.mathml import to_html as mathml_block
from .variants import Entry, Variant, entries, grid

Blank = Callable[[Entry], str]
Source = Callable[[Any], str]  # a figure's src (a file in the export) from the figure

STYLE = (
    "border-collapse:collapse;margin:0.25em 0 0.75em 1.5em",
    "padding:0.2em 0.5em;text-align:right;color:#555;font-size:0.9em",
    "padding:0.2em 0.4em",
)


SCROLL = '<div class="display" style="overflow-x:auto;max-width:100%">'


def block(latex: str, math: str) -> str:
    """Text with LaTeX math (paragraphs split on blank lines) as HTML; a displayed
    formula wider than a phone scrolls sideways instead of running off the page."""
    out = mathml_block(latex) if math == "mathml" else block_html(latex)
    return out.replace('<div class="display">', SCROLL)


def inline(latex: str, math: str, displaystyle: bool = False) -> str:
    """One line of text with LaTeX math as HTML, no block around it; ``displaystyle``
    draws its fractions full size (a part's "Find ∂L/∂W⁽²⁾")."""
    if math == "mathml":
        return mathml_inline(latex, displaystyle)
    if displaystyle:
        latex = latex.replace(r"\(", r"\(\displaystyle ")
    return mathjax_inline(latex)


def tag(variant: Variant) -> str:
    """``Question 2, variant 7``: shown above the statement, so a student can say which
    variant they had and a response export can be traced back to it."""
    return f"Question {variant.question}, variant {variant.index}"


def figures(problem: Problem, where: str) -> tuple:
    """The problem's figures that go with the ``question`` or the ``solution`` (each
    with ``name``, ``where``, ``svg``, ``alt``); none for a problem without figures."""
    return tuple(f for f in getattr(problem, "figures", ()) if f.where == where)


def figure_file(problem: Problem, figure: Any) -> str:
    """The file a figure is saved as in an export: ``backprop-hard-123-network.svg``."""
    stem = "".join(c if c.isalnum() or c in "-_" else "-" for c in problem.id)
    name = "".join(c if c.isalnum() or c in "-_" else "-" for c in figure.name)
    return f"{stem}-{name}.svg"


def figure_svg(figure: Any) -> str:
    """The SVG file of a figure in an export (shown by ``<img>``: black on white, see
    :func:`nnquiz.figures.svg.standalone`)."""
    return standalone(figure.svg)


def figures_html(problem: Problem, where: str, src: Source | None) -> str:
    """The figures of ``where`` as images (``src`` gives each one's address), scaled to
    the width of the page, with their words as ``alt``; "" without ``src``."""
    if src is None:
        return ""
    return "".join(
        f'<p class="nnquiz-figure"><img src="{html.escape(src(f))}" '
        f'alt="{html.escape(f.alt)}" style="max-width:100%;height:auto"></p>\n'
        for f in figures(problem, where)
    )


def statement(variant: Variant, math: str, src: Source | None = None) -> str:
    """The variant's tag, its statement (without the parts) and its figures."""
    return (
        f'<p class="nnquiz-variant"><small>{tag(variant)}</small></p>\n'
        + block(variant.problem.question_latex, math)
        + figures_html(variant.problem, "question", src)
    )


def prompt(part: Part, math: str, several: bool) -> str:
    """``(b) Find ∂L/∂w⁽¹⁾₂₁.`` (the label only when the problem has several parts)."""
    text = inline(part.prompt_latex or part.prompt, math, displaystyle=True)
    return f"<b>({part.label})</b> {text}" if several else text


def answer_boxes(part: Part, blank: Blank) -> str:
    """The boxes of ``part``: one for a number; a labelled column for a vector; a grid
    with row and column numbers for a matrix."""
    found = entries(part)
    shape = grid(part)
    if shape is None:
        box = blank(found[0])
        return f'<p style="margin-left:1.5em">{box}</p>' if box else ""
    rows, cols = shape
    t, th, td = STYLE
    if cols == 1 and not isinstance(part.answer[0], list):  # a vector: one row a line
        body = "".join(
            f'<tr><th style="{th}">{e.row + 1}</th><td style="{td}">{blank(e)}</td></tr>'
            for e in found
        )
        return f'<table style="{t}" class="nnquiz-vector">{body}</table>'
    head = "<tr><th></th>" + "".join(f'<th style="{th}">{j + 1}</th>' for j in range(cols))
    lines = [head + "</tr>"]
    for i in range(rows):
        cells = "".join(
            f'<td style="{td}">{blank(e)}</td>' for e in found[i * cols : (i + 1) * cols]
        )
        lines.append(f'<tr><th style="{th}">{i + 1}</th>{cells}</tr>')
    return f'<table style="{t}" class="nnquiz-matrix">{"".join(lines)}</table>'


def tolerance_words(problem: Problem) -> str:
    """How close a number must be, part by part: ``Each number counts as right within
    1 % of the answer (0.0001 near zero).`` or ``Numbers: (a) exact; (b) right within
    0.1 % …``."""
    words: dict[str, list[str]] = {}
    for part in problem.parts:
        t = part.tol
        if t.rel == 0 and t.abs < 1e-6:
            w = "exact"
        elif t.rel == 0:
            w = f"right within {_small(t.abs)}"
        else:
            w = f"right within {t.rel * 100:g} % of the answer ({_small(t.abs)} near zero)"
        words.setdefault(w, []).append(f"({part.label})")
    if len(words) == 1:
        w = next(iter(words))
        return f"Each number must be {w}." if w == "exact" else f"Each number counts as {w}."
    return "Numbers: " + "; ".join(f"{', '.join(labels)} {w}" for w, labels in words.items()) + "."


def _small(x: float) -> str:
    """``0.0001``, ``1e-9``: as a student would type it."""
    return f"{x:g}".replace("e-0", "e-")


def question_html(
    variant: Variant, math: str, blank: Blank, note: str = "", src: Source | None = None
) -> str:
    """The whole question: tag, statement, how close a number must be and the optional
    ``note`` (how to type numbers), then every part's prompt followed by its boxes."""
    p = variant.problem
    several = len(p.parts) > 1
    out = [statement(variant, math, src)]
    note = f"{tolerance_words(p)} {note}".strip()
    if note:
        out.append(f'<p class="nnquiz-note"><i>{html.escape(note, quote=False)}</i></p>')
    for part in p.parts:
        out.append(f"<p>{prompt(part, math, several)}</p>")
        out.append(answer_boxes(part, blank))
    return "\n".join(filter(None, out))


def solution_html(problem: Problem, math: str, src: Source | None = None) -> str:
    """The worked solution (its figures first), and the problem id that reproduces it
    (``nnquiz show ID --solution``)."""
    return (
        figures_html(problem, "solution", src)
        + block(problem.solution_latex, math)
        + f'\n<p class="nnquiz-id"><small>nnquiz problem {html.escape(problem.id)}</small></p>'
    )
