"""The problem model: frozen dataclasses of plain values, with a JSON form that round-trips.

The JSON form is schema 1 of docs/problems.md. Fields beyond the contract (``prompt_latex``,
``weight``, ``mistakes``, ``topic``) are additions it allows. The worked solution's steps
are the paragraphs of ``solution.text`` and ``solution.latex`` (:func:`split_steps`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any, TypedDict

from ..figures import WHERE, Figure
from .notation import M
from .values import (  # noqa: F401  (imported from here by many modules)
    Answer,
    all_within,
    flatten,
    is_finite,
    plain_float,
    shape,
    to_plain,
)

SCHEMA = 1
DIFFICULTIES = ("easy", "medium", "hard")
LABELS = "abcdefghijklmnopqrstuvwxyz"  # part labels, in order

# A part's answer (:data:`.values.Answer`): a number, a vector, or a matrix (row-major),
# at full precision; the functions on answers live in :mod:`.values`.


@dataclass(frozen=True)
class Tol:
    """A value v is accepted for answer a when |v - a| <= abs + rel * |a| (entrywise)."""

    rel: float
    abs: float

    def accepts(self, value: float, answer: float) -> bool:
        return abs(value - answer) <= self.abs + self.rel * abs(answer)

    def to_dict(self) -> dict[str, float]:
        return {"rel": self.rel, "abs": self.abs}


TOL = Tol(rel=0.01, abs=1e-4)  # most parts: 1 % (and 1e-4 near 0)
# A new weight (after a gradient step, a perceptron update, a penalty's step) is graded
# more tightly than a gradient: the step η·∂L/∂w is often small next to w itself, and 1%
# of w would accept a step that is far off, or no step at all.
STEP_TOL = Tol(rel=0.001, abs=1e-4)
DIGITS = ", to 4 significant digits."  # what a part graded with STEP_TOL asks for
# How a yes-or-no part's prompt ends. Its answer is 1 for yes, 0 for no; the answer
# reader takes "yes" and "no" as well as 1 and 0, and the faces show the words.
YES_NO = "Answer yes or no."


def is_yes_no(part: Part) -> bool:
    """Whether ``part`` is answered yes or no (its prompt ends with YES_NO)."""
    return part.prompt.endswith(YES_NO)


def yes_no_word(value: Answer) -> str:
    """``yes`` for 1, ``no`` for 0 (a yes-or-no part's answer, or a wrong one)."""
    return "yes" if value == 1 else "no" if value == 0 else str(value)


@dataclass(frozen=True)
class Part:
    """One thing a problem asks for."""

    label: str
    asks: str
    prompt: str
    answer: Answer
    tol: Tol
    prompt_latex: str = ""
    weight: float = 1.0


def with_step_tol(part: Part) -> Part:
    """``part`` graded with STEP_TOL, its prompt saying the digits that takes: 3 digits
    (2.20 for 2.1964) are 0.16% off, outside 0.1%. An answer of whole numbers (an easy
    perceptron's new weights) is asked for as it is: it has no digits to round."""
    if all(float(v).is_integer() for v in flatten(part.answer)):
        return replace(part, tol=STEP_TOL)
    return replace(
        part,
        tol=STEP_TOL,
        prompt=ask_digits(part.prompt),
        prompt_latex=ask_digits(part.prompt_latex) if part.prompt_latex else "",
    )


def shape_text(answer: Answer, latex: bool = False) -> str:
    """'' for a number, 'a vector of 3 entries', 'a 1 × 2 matrix: 1 row, 2 columns'."""
    if not isinstance(answer, list):
        return ""
    if answer and isinstance(answer[0], list):
        return _shape_words(len(answer), len(answer[0]), latex)
    return _shape_words(len(answer), 0, latex)


@lru_cache(maxsize=64)  # a handful of shapes, on every problem generated
def _shape_words(rows: int, cols: int, latex: bool) -> str:
    if not cols:
        return f"a vector of {rows} entr{'y' if rows == 1 else 'ies'}"
    size = rf"\({rows} \times {cols}\)" if latex else f"{rows} × {cols}"
    r = "1 row" if rows == 1 else f"{rows} rows"
    c = "1 column" if cols == 1 else f"{cols} columns"
    return f"a {size} matrix: {r}, {c}"


def with_shape(prompt: str, answer: Answer, latex: bool = False) -> str:
    """The prompt with the answer's shape, as every vector and matrix part shows it:
    'Find ∂L/∂W⁽²⁾ (a 1 × 2 matrix: 1 row, 2 columns).' (unless the prompt says it), so
    a student knows a row from a column before typing."""
    words = shape_text(answer, latex)
    if not words or "(a vector of" in prompt or " matrix" in prompt:
        return prompt
    stripped = prompt.rstrip()
    if stripped.endswith("."):
        return f"{stripped[:-1]} ({words})."
    return f"{stripped} ({words})"


def shaped(part: Part) -> Part:
    """``part`` with its answer's shape in its prompts (see :func:`with_shape`)."""
    prompt = with_shape(part.prompt, part.answer)
    if prompt is part.prompt:
        return part
    latex = with_shape(part.prompt_latex, part.answer, latex=True) if part.prompt_latex else ""
    # Part(...) directly: dataclasses.replace costs several times more, on every problem
    return Part(part.label, part.asks, prompt, part.answer, part.tol, latex, part.weight)


def ask_digits(prompt: str) -> str:
    """``Find W (new).`` → ``Find W (new), to 4 significant digits.``"""
    return prompt.rstrip().removesuffix(".") + DIGITS


@dataclass(frozen=True)
class Step:
    """One step of a worked solution, in both notations."""

    text: str
    latex: str


@dataclass(frozen=True)
class Mistake:
    """A common mistake: what it gives for the parts it affects, and why it is wrong."""

    id: str
    message: str
    answers: dict[str, Answer]


class PartDict(TypedDict, total=False):
    label: str
    asks: str
    prompt: str
    prompt_latex: str
    answer: Answer
    tol: dict[str, float]
    weight: float


@dataclass(frozen=True)
class Problem:
    """A generated (or user-written) problem, complete with answers and a worked solution."""

    id: str
    family: str
    seed: int | None
    difficulty: str
    title: str
    given: dict[str, Any]
    question_text: str
    question_latex: str
    parts: tuple[Part, ...]
    steps: tuple[Step, ...]
    mistakes: tuple[Mistake, ...] = ()
    topic: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    # False for a problem made for grading only (``generate(..., render=False)``): its
    # answers and mistakes are complete, its statement, solution and figures left empty.
    rendered: bool = True
    figures: tuple[Figure, ...] = ()

    def figures_at(self, where: str) -> tuple[Figure, ...]:
        """The figures that go with the question (``"question"``) or the solution."""
        return tuple(f for f in self.figures if f.where == where)

    def part(self, label: str) -> Part:
        for p in self.parts:
            if p.label == label:
                return p
        raise KeyError(label)

    @property
    def solution_text(self) -> str:
        return "\n\n".join(s.text for s in self.steps)

    @property
    def solution_latex(self) -> str:
        return "\n\n".join(s.latex for s in self.steps)

    def to_dict(self, figures: bool = True) -> dict[str, Any]:
        """The JSON form (``figures=False`` leaves the figures out, for a writer that
        adds them itself: :func:`nnquiz.render.formats.as_json`)."""
        if not self.rendered:
            raise ValueError(f"{self.id} was made without its text; generate it rendered")
        return {
            "schema": SCHEMA,
            "id": self.id,
            "family": self.family,
            "seed": self.seed,
            "difficulty": self.difficulty,
            "title": self.title,
            "topic": self.topic,
            "given": self.given,
            "question": {"text": self.question_text, "latex": self.question_latex},
            "parts": [
                {
                    "label": p.label,
                    "asks": p.asks,
                    "prompt": p.prompt,
                    "prompt_latex": p.prompt_latex,
                    "answer": p.answer,
                    "tol": p.tol.to_dict(),
                    "weight": p.weight,
                }
                for p in self.parts
            ],
            # the steps are the solution's paragraphs: no step holds a blank line
            "solution": {"text": self.solution_text, "latex": self.solution_latex},
            "mistakes": [
                {"id": m.id, "message": m.message, "answers": m.answers} for m in self.mistakes
            ],
        } | ({"figures": [f.to_dict() for f in self.figures]} if figures and self.figures else {})

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Problem:
        if d.get("schema") != SCHEMA:
            raise ValueError(f"unsupported problem schema {d.get('schema')!r}")
        parts = tuple(
            Part(
                label=p["label"],
                asks=p["asks"],
                prompt=p["prompt"],
                answer=p["answer"],
                tol=Tol(**p["tol"]),
                prompt_latex=p.get("prompt_latex", ""),
                weight=p.get("weight", 1.0),
            )
            for p in d["parts"]
        )
        sol = d["solution"]
        steps = tuple(Step(s["text"], s["latex"]) for s in sol.get("steps", ()))  # older JSON
        if not steps:
            steps = split_steps(sol["text"], sol["latex"])
        return cls(
            id=d["id"],
            family=d["family"],
            seed=d["seed"],
            difficulty=d["difficulty"],
            title=d["title"],
            given=d["given"],
            question_text=d["question"]["text"],
            question_latex=d["question"]["latex"],
            parts=parts,
            steps=steps,
            mistakes=tuple(
                Mistake(m["id"], m["message"], m["answers"]) for m in d.get("mistakes", ())
            ),
            topic=d.get("topic", ""),
            figures=_figures(d.get("figures", ())),
        )


def _figures(rows: Any) -> tuple[Figure, ...]:
    """The ``figures`` of problem JSON; ValueError when one is malformed."""
    if not isinstance(rows, list | tuple):
        raise ValueError("figures must be a list")
    out = []
    for row in rows:
        if not isinstance(row, dict) or not all(
            isinstance(row.get(k), str) for k in ("name", "where", "svg", "alt")
        ):
            raise ValueError("a figure needs name, where, svg and alt (strings)")
        if row["where"] not in WHERE:
            raise ValueError(f"a figure's where is question or solution, not {row['where']!r}")
        out.append(Figure.from_dict(row))
    return tuple(out)


def split_steps(text: str, latex: str) -> tuple[Step, ...]:
    """The steps of a solution joined with blank lines (``Problem.solution_text``), or the
    whole solution as one step when its two notations do not split alike."""
    texts, latexes = text.split("\n\n"), latex.split("\n\n")
    if len(texts) != len(latexes):
        return (Step(text, latex),)
    return tuple(Step(t, x) for t, x in zip(texts, latexes))


# ---------------------------------------------------------------- building steps


def prose(*pieces: M | str) -> Step:
    """A paragraph mixing words (plain strings) and inline math (M pieces)."""
    text, latex = [], []
    for p in pieces:
        if isinstance(p, M):
            text.append(p.text)
            latex.append(rf"\({p.latex}\)")
        else:
            text.append(p)
            latex.append(p)
    return Step("".join(text), "".join(latex))


def step(intro: str | tuple[M | str, ...] | Step, *lines: M) -> Step:
    """A sentence followed by displayed math lines, each drawn below it.

    ``intro`` may be a ready :class:`Step` (the ``prose`` of the sentence), so that a
    sentence that opens many solutions is written once and cached.
    """
    if isinstance(intro, Step):
        head = intro
    else:
        head = prose(*intro) if isinstance(intro, tuple) else prose(intro)
    # Each row of each line, as M.text would give it, without joining and splitting again
    # (a row holding a newline of its own is still split into indented rows).
    text = [head.text]
    for line in lines:
        for r in line.lines:
            r = r.rstrip()
            if "\n" in r:
                text.extend("    " + s for s in r.split("\n"))
            else:
                text.append("    " + r)
    latex = [head.latex] + [rf"\[{line.latex}\]" for line in lines]
    return Step("\n".join(text), "\n".join(latex))


Cell = M | str  # a table cell: words (text) or a number or formula (math)


def table(intro: str | tuple[M | str, ...], header: tuple[str, ...], rows) -> Step:
    r"""A sentence (may be empty) over a table: rows of cells, words or math.

    Text: aligned columns, numbers to the right. LaTeX: a Markdown pipe table with math in
    ``\( \)`` (the Anki deck and homework sheets draw it as an HTML table, a narrow phone
    included; a line of math of many entries would run off its screen).
    """
    head = prose(*intro) if isinstance(intro, tuple) else prose(intro)
    grid = [[c.text if isinstance(c, M) else c for c in r] for r in rows]
    widths = [max(len(x) for x in col) for col in zip(header, *grid)]
    right = [isinstance(c, M) for c in rows[0]] if rows else [False] * len(header)
    text = [_aligned(header, widths, right)]
    text += [_aligned(cells, widths, [isinstance(c, M) for c in r]) for r, cells in zip(rows, grid)]
    latex = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    latex += ["| " + " | ".join(_cell(c) for c in r) + " |" for r in rows]
    lines_text = ([head.text] if head.text else []) + text
    lines_latex = ([head.latex] if head.latex else []) + latex
    return Step("\n".join(lines_text), "\n".join(lines_latex))


def _aligned(cells, widths, right) -> str:
    """One row of a text table: numbers to the right, words to the left."""
    padded = (x.rjust(w) if r else x.ljust(w) for x, w, r in zip(cells, widths, right))
    return ("    " + "  ".join(padded)).rstrip()


def _cell(c: Cell) -> str:
    return rf"\({c.latex}\)" if isinstance(c, M) else c


def items(intro: str | tuple[M | str, ...], *rows: tuple[M | str, ...]) -> Step:
    """A sentence over a list, one item a row of words and inline math (``- `` lines:
    a bulleted list in the deck, the sheets and Markdown; indented lines in text)."""
    head = prose(*intro) if isinstance(intro, tuple) else prose(intro)
    lines = [prose(*r) for r in rows]
    text = [head.text] + ["  - " + x.text for x in lines]
    latex = [head.latex] + ["- " + x.latex for x in lines]
    return Step("\n".join(text), "\n".join(latex))
