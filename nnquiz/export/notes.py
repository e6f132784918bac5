"""Concept cards and problems as Anki notes: fields (HTML), tags, deck and GUID.

A :class:`NoteSpec` is plain data; :mod:`nnquiz.export.package` turns specs into a
``.apkg``. The GUID comes from the card id or the problem id, so exporting again updates
the notes a student already has instead of adding copies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from genanki.util import guid_for

from ..concepts import Card, Cloze
from ..problems.model import Part, Problem, is_yes_no, yes_no_word
from ..problems.notation import num
from .html import block_html, esc, inline_html
from .mathflow import display_html
from .notetypes import CLOZE, CONCEPT, PROBLEM, NoteType
from .steps import solution_html

ROOT_DECK = "nnquiz"
CONCEPT_DECK = f"{ROOT_DECK}::Concepts"
_SPACES = re.compile(r"\s++")


@dataclass(frozen=True)
class NoteSpec:
    """One note: its type, GUID, field values (HTML, in the type's order), tags and deck."""

    kind: NoteType
    guid: str
    fields: tuple[str, ...]
    tags: tuple[str, ...]
    deck: str
    cards: tuple[int, ...] = (0,)  # the card ordinals: one, or a cloze's deletions less 1


def slug(s: str) -> str:
    """A tag-safe form of a topic: spaces become underscores (Anki tags have no spaces)."""
    return _SPACES.sub("_", s.strip())


def problem_deck(topic: str) -> str:
    return f"{ROOT_DECK}::{topic}"


def concept_deck(topic: str) -> str:
    return f"{CONCEPT_DECK}::{topic}"


def concept_note(card: Card) -> NoteSpec:
    """The note of a concept card; an erratum is shown on the back, set apart."""
    back = block_html(card.back, markup=True)
    if card.erratum:
        back += (
            '<div class="nnq-erratum"><div class="nnq-label">Where the course notes differ</div>'
            + block_html(card.erratum, markup=True)
            + "</div>"
        )
    figure = card.drawing()
    if figure is not None:
        back += figure_html(figure)
    fields = (
        block_html(card.front, markup=True),
        back,
        esc(card.section),
        esc(card.id),
        esc(card.topic),
        "",
        "",
    )
    tags = ("nnquiz", "nnquiz::concept", f"nnquiz::topic::{slug(card.topic)}")
    return NoteSpec(
        CONCEPT, guid_for("nnquiz-card", card.id), fields, tags, concept_deck(card.topic)
    )


def cloze_note(c: Cloze) -> NoteSpec:
    """The note of a cloze: its text with deletions (one card each), the extra behind."""
    fields = (
        block_html(c.text, markup=True),
        block_html(c.extra, markup=True) if c.extra else "",
        esc(c.id),
        esc(c.section),
        esc(c.topic),
        "",
        "",
    )
    tags = ("nnquiz", "nnquiz::cloze", f"nnquiz::topic::{slug(c.topic)}")
    guid = guid_for("nnquiz-cloze", c.id)
    ords = tuple(n - 1 for n in c.deletions)
    return NoteSpec(CLOZE, guid, fields, tags, concept_deck(c.topic), ords)


def problem_note(p: Problem) -> NoteSpec:
    """The note of a generated problem: statement on the front, answer and solution behind."""
    steps = list(p.steps)
    if steps and steps[-1].text.startswith("Answers:"):
        answer = answers_html(steps.pop().latex.split("\n")[1:])
    else:
        answer = _answers_html(p)
    fields = (
        question_html(p),
        answer,
        solution_html([s.latex for s in steps]) + figures_html(p, "solution"),
        esc(p.id),
        esc(p.family),
        esc(p.difficulty),
        esc(p.topic),
        esc(p.title),
        mistakes_html(p),
        "",
        "",
        "",
    )
    tags = (
        "nnquiz",
        f"nnquiz::topic::{slug(p.topic)}",
        f"nnquiz::family::{p.family}",
        f"nnquiz::difficulty::{p.difficulty}",
    )
    return NoteSpec(PROBLEM, problem_guid(p), fields, tags, problem_deck(p.topic))


def problem_guid(p: Problem) -> str:
    """The note's GUID: from the problem's family, difficulty and seed, not its version.

    A family at a new version (ids ``forward:v2:…``) may give a seed other numbers; the
    note for that seed is then updated in the student's collection, review history kept,
    instead of a second note appearing beside the old one. For a family at version 1 this
    is the GUID of its id, as it always was.
    """
    from ..problems.registry import unversioned

    return guid_for("nnquiz-problem", unversioned(p.id))


def question_html(p: Problem) -> str:
    """The statement and one line per part: ``(a) Find …``."""
    parts = "".join(
        f'<div class="para"><b>({esc(part.label)})</b> '
        + (inline_html(part.prompt_latex) if part.prompt_latex else esc(part.prompt))
        + "</div>"
        for part in p.parts
    )
    statement = block_html(_stood_in(p))
    long, short = _notation()
    if long in statement:  # a network's notation paragraph: one line on a card
        line = f'<div class="nnq-notation">{short}</div>'
        statement = statement.replace("<br>" + long, line).replace(long, line)
    return statement + figures_html(p, "question") + parts


# on a card's front, what a question figure that shows a whole block of the statement
# (every number of it) says in its place: the front fits a phone's screen
STOOD_IN = "They are drawn below, each at its coordinates (the worked solution lists them)."


def _stood_in(p: Problem) -> str:
    """The statement's LaTeX, each block a question figure shows in full (its
    ``stands_for``) replaced by a line saying so."""
    latex = p.question_latex
    for f in p.figures:
        if f.where == "question" and f.stands_for and f.stands_for in latex:
            latex = latex.replace(f.stands_for, STOOD_IN)
    return latex


@cache
def _notation() -> tuple[str, str]:
    """The notation sentence of network statements as the deck's HTML has it, and the
    one-line form shown in its place."""
    from ..problems.netsteps.statement import NOTATION, NOTATION_SHORT

    return inline_html(NOTATION.latex), inline_html(NOTATION_SHORT.latex)


_ANSWER_LINE = re.compile(r"\\\[\\text\{\((\w+)\)\}\\ ?(.*)\\\]", re.S)


def answers_html(lines: list[str]) -> str:
    """The lines of a solution's answers step (``\\[\\text{(a)}\\ x = 1\\]``), one
    part a row: its label, then its answer as a display that wraps."""
    out = []
    for line in lines:
        m = _ANSWER_LINE.fullmatch(line)
        if m is None:
            out.append(block_html(line))
        else:
            out.append(_part_html(m.group(1), m.group(2)))
    return "".join(out)


def _part_html(label: str, latex: str) -> str:
    return (
        f'<div class="nnq-part"><b class="nnq-part-label">({esc(label)})</b>'
        + display_html(esc(latex))
        + "</div>"
    )


def figures_html(p: Problem, where: str) -> str:
    """The problem's figures for the question or the solution, inline."""
    return "".join(figure_html(f) for f in p.figures if f.where == where)


def figure_html(figure) -> str:
    """A figure as note HTML: its SVG inline (Anki desktop, AnkiDroid and AnkiMobile show
    it without a media file), in a ``div.nnq-figure`` the note's style can place."""
    return f'<div class="nnq-figure">{figure.svg}</div>'


def _answers_html(p: Problem) -> str:
    """Answers written from the parts' values (for a family without an answers step)."""
    return "".join(
        f'<div class="nnq-part"><b class="nnq-part-label">({esc(q.label)})</b>'
        + _value_html(q, q.answer)
        + "</div>"
        for q in p.parts
    )


def _value_html(part: Part, value) -> str:
    """A value of ``part`` (its answer, or a mistake's): math, or yes/no in words."""
    if is_yes_no(part):
        return esc(yes_no_word(value))
    return rf"\({esc(latex_value(value))}\)"  # one number or array: nothing to break


def mistakes_html(p: Problem) -> str:
    """The common mistakes of this variant and the wrong answers each one gives."""
    if not p.mistakes:
        return ""
    items = []
    for m in p.mistakes:
        gives = ", ".join(
            f"({esc(label)}) " + _value_html(p.part(label), value)
            for label, value in m.answers.items()
        )
        items.append(f"<li>{esc(m.message)} <i>Gives</i> {gives}.</li>")
    return "<ul>" + "".join(items) + "</ul>"


def latex_value(value) -> str:
    """A number, vector (a column, as in the solutions) or matrix in LaTeX, each entry as
    the worked solutions show it (4 significant digits unless it is a short decimal)."""
    if isinstance(value, int | float):
        return num(value).latex
    rows = value if value and isinstance(value[0], list) else [[v] for v in value]
    body = r" \\ ".join(" & ".join(num(v).latex for v in r) for r in rows)
    return r"\begin{bmatrix}" + body + r"\end{bmatrix}"
