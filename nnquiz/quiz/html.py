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

from ..export.html import block_html
from ..export.html import inline_html as mathjax_inline
from ..homework.mathml import inline_html as mathml_inline
from ..homework.mathml import to_html as mathml_block
from ..problems.model import Part, Problem
from .variants import Entry, Variant, entries, grid

Blank = Callable[[Entry], str]

STYLE = (
    "border-collapse:collapse;margin:0.25em 0 0.75em 1.5em",
    "padding:0.2em 0.5em;text-align:right;color:#555;font-size:0.9em",
    "padding:0.2em 0.4em",
)


def block(latex: str, math: str) -> str:
    """Text with LaTeX math (paragraphs split on blank lines) as HTML."""
    return mathml_block(latex) if math == "mathml" else block_html(latex)


def inline(latex: str, math: str) -> str:
    """One line of text with LaTeX math as HTML, no block around it."""
    return mathml_inline(latex) if math == "mathml" else mathjax_inline(latex)


def tag(variant: Variant) -> str:
    """``Question 2, variant 7``: shown above the statement, so a student can say which
    variant they had and a response export can be traced back to it."""
    return f"Question {variant.question}, variant {variant.index}"


def statement(variant: Variant, math: str) -> str:
    """The variant's tag and its statement (without the parts)."""
    return f'<p class="nnquiz-variant"><small>{tag(variant)}</small></p>\n' + block(
        variant.problem.question_latex, math
    )


def prompt(part: Part, math: str, several: bool) -> str:
    """``(b) Find ∂L/∂w⁽¹⁾₂₁.`` (the label only when the problem has several parts)."""
    text = inline(part.prompt_latex or part.prompt, math)
    return f"<b>({part.label})</b> {text}" if several else text


def answer_boxes(part: Part, blank: Blank) -> str:
    """The boxes of ``part``: one for a number; a labelled column for a vector; a grid
    with row and column numbers for a matrix."""
    found = entries(part)
    shape = grid(part)
    if shape is None:
        return f'<p style="margin-left:1.5em">{blank(found[0])}</p>'
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


def question_html(variant: Variant, math: str, blank: Blank, note: str = "") -> str:
    """The whole question: tag, statement, optional ``note`` (how to type numbers) and
    every part's prompt followed by its boxes."""
    p = variant.problem
    several = len(p.parts) > 1
    out = [statement(variant, math)]
    if note:
        out.append(f'<p class="nnquiz-note"><i>{note}</i></p>')
    for part in p.parts:
        out.append(f"<p>{prompt(part, math, several)}</p>")
        out.append(answer_boxes(part, blank))
    return "\n".join(out)


def solution_html(problem: Problem, math: str) -> str:
    """The worked solution, and the problem id that reproduces it (``nnquiz show ID
    --solution``)."""
    return (
        block(problem.solution_latex, math)
        + f'\n<p class="nnquiz-id"><small>nnquiz problem {html.escape(problem.id)}</small></p>'
    )
