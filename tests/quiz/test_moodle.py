"""Moodle: the XML parses with moodle-xml-parser (PyPI), a third-party reader of Moodle
XML; every Cloze box holds its entry's answer and nnquiz's tolerance, in nnquiz's
weights, and the declared mistakes are 0 % answers with their messages."""

from __future__ import annotations

import html
import re

import pytest
from moodle_xml_parser.parser import parse_bytes

from nnquiz.problems import registry
from nnquiz.quiz.moodle import MARK, cloze_escape, moodle_xml
from nnquiz.quiz.variants import entries, entry_weights, half_width

from .conftest import VARIANTS


@pytest.fixture(scope="module")
def xml(plan, questions):
    return moodle_xml(plan, questions)


def _numeric_gaps(question) -> list:
    return [g for g in question.gaps if g.sub_type == "NUMERICAL"]


def test_the_file_is_marked_and_has_a_category_per_question(xml, plan, questions):
    assert xml.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    assert f"<!--{MARK}-->".encode() in xml[:300]
    text = xml.decode()
    categories = re.findall(r"<category>\s*<text>(.*?)</text>", text)
    assert len(categories) == len(questions)
    for path, qq in zip(categories, questions):
        assert path == f"$course$/top/HW 9: quiz//test/{qq.label}"  # "/" doubled
    assert text.count('<question type="cloze">') == len(questions) * VARIANTS


def test_every_box_holds_the_answer_the_tolerance_and_the_weight(xml):
    parsed = parse_bytes(xml)["cloze"]
    assert parsed
    for q in parsed:
        problem = registry.show(q.name.split()[-1])  # the name carries the problem id
        found = [e for p in problem.parts for e in entries(p)]
        gaps = _numeric_gaps(q)
        assert len(gaps) == len(found)  # every number has its box: none dropped
        for gap, e, w in zip(gaps, found, entry_weights(problem)):
            assert gap.sub_grade == w
            right = gap.options[0]
            assert right.score == 100
            value, tol = map(float, right.answer.split(":"))
            assert value == e.value
            assert tol == pytest.approx(half_width(e.value, e.tol), rel=1e-12)
            # Moodle accepts [value - tol, value + tol]: the tolerance, and no more
            for inside in (e.value, e.value - 0.999 * tol, e.value + 0.999 * tol):
                assert abs(inside - value) <= tol
            for outside in (e.value - 1.001 * tol - 1e-12, e.value + 1.001 * tol + 1e-12):
                assert abs(outside - value) > tol


def test_mistakes_are_zero_percent_answers_with_their_message(xml):
    named = 0
    for q in parse_bytes(xml)["cloze"]:
        problem = registry.show(q.name.split()[-1])
        messages = {m.message for m in problem.mistakes}
        found = [e for p in problem.parts for e in entries(p)]
        for gap, e in zip(_numeric_gaps(q), found):
            right_tol = half_width(e.value, e.tol)
            if any(c in m.message for m in problem.mistakes for c in "~}"):
                continue  # the reader splits at them once decoded; Moodle does not
            for option in gap.options[1:]:
                assert option.score == 0
                value = float(option.answer.split(":")[0])
                assert abs(value - e.value) > 2 * right_tol  # never the right answer
                assert html.unescape(option.feedback) in messages
                named += 1
    assert named > 5


def moodle_feedback(box_feedback: str) -> str:
    """What Moodle makes of a box's feedback text (qtype_multianswer_extract_question):
    it must stop at no ~ or } that is not behind a backslash, and is then decoded."""
    assert not re.search(r"(?<!\\)[~}]", box_feedback)
    decoded = html.unescape(box_feedback)
    return decoded.replace("\\}", "}").replace("\\#", "#")


def test_cloze_feedback_survives_moodles_reading():
    for message in ['a}b#c~d/e"f\\g<h & n_{k+1}', "σ(z) = 1/(1 + e^(−z))", "a ≤ b"]:
        shown = moodle_feedback(cloze_escape(message))  # HTML, as Moodle stores it
        assert html.unescape(shown) == message


def test_math_is_left_for_moodles_mathjax_filter_and_the_solution_is_feedback(xml):
    text = xml.decode()
    assert r"\(" in text and "<math" not in text
    assert text.count("<generalfeedback") == text.count('<question type="cloze">')
    assert "nnquiz problem " in text
