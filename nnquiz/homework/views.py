"""What the sheets and the key show of one problem, rendered once (in a worker process
when there are many): its JSON line, statement, parts and worked solution as HTML with
MathML and as Markdown, and its answers as text."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..problems.model import with_shape
from ..render import mathml
from ..render.formats import as_json

if TYPE_CHECKING:
    from ..problems.model import Answer, Part, Problem


@dataclass(frozen=True)
class PartView:
    label: str
    prompt_html: str
    prompt_md: str
    answer: str  # the answer as text, 6 significant digits, with its tolerance
    weight: float = 1.0  # the part's share of the question's points, by weight


@dataclass(frozen=True)
class View:
    id: str
    title: str
    json: str  # the problem JSON (schema 1) on one line
    statement_html: str
    statement_md: str
    parts: tuple[PartView, ...]
    solution_html: str
    solution_md: str
    # (name, where, svg, alt) of each figure: inline in the HTML above, files beside the
    # Markdown (the sheet writer names them)
    figures: tuple[tuple[str, str, str, str], ...] = ()


def view(problem: Problem, with_json: bool = True) -> View:
    """Everything the sheets and the key need of ``problem``: plain strings (cheap to
    send back from a worker process). ``with_json=False``: no JSON line (feedback
    shows none), ``json`` is empty."""
    line = as_json(problem) if with_json else ""
    return View(
        id=problem.id,
        title=problem.title,
        json=line,
        statement_html=mathml.to_html(problem.question_latex) + _figures(problem, "question"),
        statement_md=mathml.to_markdown(problem.question_latex),
        parts=tuple(_part(p) for p in problem.parts),
        solution_html=mathml.to_html(problem.solution_latex) + _figures(problem, "solution"),
        solution_md=mathml.to_markdown(problem.solution_latex),
        figures=tuple((f.name, f.where, f.svg, f.alt) for f in problem.figures),
    )


def _figures(problem: Problem, where: str) -> str:
    """The figures of the question or the solution, inline SVG (they print in black and
    white: nothing is told by colour alone)."""
    return "".join(
        f'<div class="figure">{f.svg}</div>' for f in problem.figures if f.where == where
    )


def _part(part: Part) -> PartView:
    # a problem generated now has the shape in its prompt already; one read from a key
    # written by an older nnquiz may not
    prompt = with_shape(part.prompt_latex or part.prompt, part.answer, bool(part.prompt_latex))
    return PartView(
        part.label,
        mathml.inline_html(prompt, displaystyle=True),
        mathml.to_markdown(prompt),
        f"{answer_text(part.answer)} ({tolerance_text(part)})",
        part.weight,
    )


def answer_text(answer: Answer, digits: int = 6) -> str:
    """``0.119203``, ``[0.1788, -0.1192]``, ``[[1, 2], [3, 4]]``: how a key shows it."""
    if isinstance(answer, list):
        return "[" + ", ".join(answer_text(a, digits) for a in answer) + "]"
    s = f"{answer:.{digits}g}"
    return "0" if s == "-0" else s


def tolerance_text(part: Part) -> str:
    """'±1%, or ±0.0001 near zero' / 'exact'."""
    from ..answers.diagnosis import describe_tol

    return describe_tol(part.tol)
