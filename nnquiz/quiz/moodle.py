r"""Moodle: one Moodle XML file (Question bank > Import > Moodle XML format).

Each question of the assignment is a category (``$course$/top/TITLE/Q1 backprop
(medium)``) holding its N variants; a quiz takes one of them per student with "Add a
random question" from that category. Each variant is an embedded answers (Cloze)
question: every number is a ``{w:NUMERICAL:=answer:tolerance}`` box, so one question
holds a whole vector (a column of boxes) or matrix (a grid), weighted as nnquiz weighs
them (a part of n entries gives each 1/n of it). The tolerance is nnquiz's,
abs + rel·|answer|, which Moodle takes as ± around the answer. A declared mistake of
the variant is a 0 % answer of the entries it changes, with its message as that
answer's feedback: a student who makes it is told which mistake it was. The worked
solution is the general feedback, math is ``\( \)`` and ``\[ \]`` for Moodle's MathJax
filter, figures are SVG files embedded in the text that shows them, and each
question's name carries its problem id (Moodle's import of a Cloze
question reads no ID number).
"""

from __future__ import annotations

import base64
import html as htmllib
from xml.etree import ElementTree as ET

from ..homework.assignment import Assignment
from ..problems.model import Problem, flatten
from . import html
from .variants import Entry, QuizQuestion, Variant, entries, entry_weights, half_width, number

MARK = " nnquiz quiz export (Moodle XML) "
# Moodle reads a box's feedback up to the first ~ or } (not behind a backslash), then
# decodes HTML entities and undoes only \} and \#: so ~, } and \ are written as numeric
# entities, and the text is HTML-escaped twice (the decoding takes one level off).
_CLOZE_SPECIAL = str.maketrans({"~": "&#126;", "}": "&#125;", "\\": "&#92;"})


def cloze_escape(text: str) -> str:
    """A message as the feedback of a Cloze answer: after Moodle's decoding, it is the
    message HTML-escaped, whatever characters it holds."""
    twice = htmllib.escape(htmllib.escape(text, quote=False), quote=False)
    return twice.translate(_CLOZE_SPECIAL)


def mistake_answers(problem: Problem, e: Entry, index: int) -> list[tuple[float, str]]:
    """(value, message) of each declared mistake that changes entry ``e`` (the
    ``index``-th of its part) to a value outside the right answer's tolerance; a value
    two mistakes share is named once, with the first mistake's message."""
    t = half_width(e.value, e.tol)
    found: list[tuple[float, str]] = []
    for m in problem.mistakes:
        wrong = m.answers.get(e.part)
        if wrong is None:
            continue
        values = flatten(wrong)
        if len(values) <= index:
            continue
        v = values[index]
        if abs(v - e.value) <= 2 * t or any(abs(v - w) <= t for w, _ in found):
            continue
        found.append((v, m.message))
    return found


def box(problem: Problem, e: Entry, index: int, weight: int) -> str:
    """One ``{w:NUMERICAL:=answer:tol~%0%mistake:tol#message…}`` box."""
    t = half_width(e.value, e.tol)
    out = [f"={number(e.value)}:{number(t)}"]
    for v, message in mistake_answers(problem, e, index):
        out.append(f"%0%{number(v)}:{number(half_width(v, e.tol))}#{cloze_escape(message)}")
    return "{" + f"{weight}:NUMERICAL:" + "~".join(out) + "}"


def _src(problem: Problem):
    """A figure's address in Moodle: a file embedded in the same text (``<file>``)."""
    return lambda f: f"@@PLUGINFILE@@/{html.figure_file(problem, f)}"


def _embed(text: ET.Element, problem: Problem, where: str) -> None:
    """Embed the figures of ``where`` in a text element, base64, as Moodle exports and
    imports a text's files (qformat_xml reads them for Cloze text and feedback)."""
    for f in html.figures(problem, where):
        e = ET.SubElement(text, "file", name=html.figure_file(problem, f), path="/")
        e.set("encoding", "base64")
        e.text = base64.b64encode(html.figure_svg(f).encode("utf-8")).decode("ascii")


def question_text(v: Variant) -> str:
    """The Cloze text: statement, figures, prompts and a box for every number."""
    weights = iter(entry_weights(v.problem))
    places = {}
    for part in v.problem.parts:
        for i, e in enumerate(entries(part)):
            places[(e.part, e.name)] = box(v.problem, e, i, next(weights))
    return html.question_html(v, "mathjax", lambda e: places[(e.part, e.name)], src=_src(v.problem))


def _text(parent: ET.Element, tag: str, text: str, fmt: str | None = None) -> ET.Element:
    e = ET.SubElement(parent, tag, {"format": fmt} if fmt else {})
    ET.SubElement(e, "text").text = text
    return e


def category(plan: Assignment, qq: QuizQuestion) -> ET.Element:
    q = ET.Element("question", type="category")
    path = "/".join(s.replace("/", "//") for s in ("$course$", "top", plan.title, qq.label))
    _text(q, "category", path)
    _text(q, "info", f"{len(qq.variants)} variants of {qq.label}, made by nnquiz", "html")
    return q


def cloze(v: Variant) -> ET.Element:
    q = ET.Element("question", type="cloze")
    _text(q, "name", f"Q{v.question} v{v.index} {v.problem.id}")
    _embed(_text(q, "questiontext", question_text(v), "html"), v.problem, "question")
    solution = html.solution_html(v.problem, "mathjax", _src(v.problem))
    _embed(_text(q, "generalfeedback", solution, "html"), v.problem, "solution")
    ET.SubElement(q, "penalty").text = "0.3333333"
    ET.SubElement(q, "hidden").text = "0"
    return q


def moodle_xml(plan: Assignment, questions: list[QuizQuestion]) -> bytes:
    """The whole file: per question a category and its variants."""
    root = ET.Element("quiz")
    root.append(ET.Comment(MARK))
    for qq in questions:
        root.append(category(plan, qq))
        for v in qq.variants:
            root.append(cloze(v))
    ET.indent(root, space=" ")
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8")
