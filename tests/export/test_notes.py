"""Problem and concept notes: fields, tags, GUIDs, and the fallbacks a new family may need."""

from __future__ import annotations

import dataclasses

from nnquiz.export.notes import latex_value, problem_note
from nnquiz.problems import registry

from .ankitools import flat_math, flat_tex, text_nodes


def test_problem_note_fields_and_tags():
    p = registry.show("backprop:hard:7")
    note = problem_note(p)
    assert note.fields[3:8] == ("backprop:hard:7", "backprop", "hard", p.topic, p.title)
    assert note.tags == (
        "nnquiz",
        "nnquiz::topic::" + p.topic.replace(" ", "_"),
        "nnquiz::family::backprop",
        "nnquiz::difficulty::hard",
    )
    assert note.deck == f"nnquiz::{registry.get('backprop').topic}"
    assert note.guid == problem_note(registry.show("backprop:hard:7")).guid
    assert note.guid != problem_note(registry.show("backprop:hard:8")).guid
    # the answers step is on the back once, not repeated in the solution
    assert "Answers:" not in "".join(text_nodes(note.fields[2]))
    mistakes = "".join(text_nodes(note.fields[8]))
    assert all(m.message in mistakes for m in p.mistakes) and p.mistakes


def test_a_new_family_version_updates_the_note_of_the_same_seed():
    from genanki.util import guid_for

    v1 = problem_note(registry.show("backprop:hard:7"))
    assert v1.guid == guid_for("nnquiz-problem", "backprop:hard:7")  # as in every old deck
    v3 = problem_note(registry.show("forward:v3:hard:12"))  # forward is at version 3
    assert v3.guid == guid_for("nnquiz-problem", "forward:hard:12")  # the version 1 note's
    assert v3.fields[3] == "forward:v3:hard:12"


def test_family_without_an_answers_step_gets_answers_from_its_parts():
    p = registry.show("fgsm:3")
    bare = dataclasses.replace(p, steps=p.steps[:-1])
    note = problem_note(bare)
    assert flat_math(note.fields[1]) == flat_tex("".join(latex_value(q.answer) for q in p.parts))
    assert note.fields[1].count('class="nnq-part"') == len(p.parts)
    assert note.fields[2]  # the solution is still there


def test_latex_value():
    assert latex_value(0.25) == "0.25"
    assert latex_value(1 / 3) == "0.3333"
    assert latex_value([1, -2.5]) == r"\begin{bmatrix}1 \\ -2.5\end{bmatrix}"
    assert latex_value([[1, 2], [3, 4]]) == r"\begin{bmatrix}1 & 2 \\ 3 & 4\end{bmatrix}"


def test_the_notation_paragraph_is_one_short_line_on_a_card():
    """The network statement's notation sentence (a concept card says it all) is one
    short line on the front; the problem itself is unchanged."""
    from nnquiz.export.notes import question_html
    from nnquiz.problems.netsteps.statement import NOTATION

    p = registry.show("backprop:hard:2")
    assert NOTATION.latex in p.question_latex
    html = question_html(p)
    assert "is the weight to node" not in html and "<br><div" not in html
    assert r'<div class="nnq-notation"><span class="nw">\(w^{(a)}_{bc}\):</span> to node' in html
