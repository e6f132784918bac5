"""render.mathml finds the math of a text as it always did, in linear time.

``_find`` (one ``str.find`` from each opener to its closer) must give the spans of the
plain loop below (each opener with the nearest closer of its kind), on any text, and
stay linear on texts of unclosed math (a student's answer or an instructor's card
reaches these functions).
"""

from __future__ import annotations

import time

from hypothesis import given, settings
from hypothesis import strategies as st

from nnquiz.problems import registry
from nnquiz.render import mathml

_CLOSE = {"\\(": "\\)", "\\[": "\\]"}


def reference(text: str) -> list[tuple[int, int, str, bool]]:
    """Each opener, left to right, with the nearest closer of its kind after it."""
    out, pos = [], 0
    while True:
        starts = [k for k in (text.find("\\(", pos), text.find("\\[", pos)) if k >= 0]
        if not starts:
            return out
        start = min(starts)
        opener = text[start : start + 2]
        end = text.find(_CLOSE[opener], start + 2)
        if end < 0:
            pos = start + 1
            continue
        out.append((start, end + 2, text[start + 2 : end], opener == "\\["))
        pos = end + 2


PIECES = st.sampled_from(["\\(", "\\)", "\\[", "\\]", "\\", "(", ")", "[", "]", "a", " ", "\n"])


@settings(max_examples=600, deadline=None)
@given(st.lists(PIECES, max_size=30).map("".join))
def test_the_spans_are_the_nearest_closers(text):
    assert mathml._find(text) == reference(text)
    assert [(s.start, s.end, s.inner, s.display) for s in mathml.spans(text)] == reference(text)


def old_line(line: str) -> str:
    """render.mathml._line as it was, without its shortcut for a line of display math."""
    stripped = line.strip()
    if not stripped:
        return ""
    found = reference(stripped)
    if found and found[0][3] and found[0][:2] == (0, len(stripped)):
        return f'<div class="display">{mathml.mathml(found[0][2].strip(), True)}</div>'
    return f"<p>{mathml._spans(stripped, found=found)}</p>"


@settings(max_examples=600, deadline=None)
@given(st.lists(PIECES, max_size=12).map("".join))
def test_a_line_is_the_html_it_was(text):
    for line in (text, f"\\[{text}\\]", f" \\[{text}\\] "):
        assert mathml._line(line) == old_line(line)


def test_the_spans_of_every_family():
    for family in registry.ids():
        for difficulty in ("easy", "hard"):
            p = registry.generate(family, 3, difficulty)
            for text in (p.question_latex, p.solution_latex, *(q.prompt_latex for q in p.parts)):
                assert mathml._find(text) == reference(text)


def test_unclosed_math_is_linear():
    texts = (
        "\\(" * 100_000,
        "\\(" * 100_000 + "\\)",  # every opener closed by the one closer at the end
        "\\[" * 100_000 + "x",
        "\\(a\\)" + "\\(" * 100_000 + "\\]",
        "\\)" * 50_000 + "\\(" * 50_000,
        "\\[a\\]" * 50_000 + "\\(",
    )
    for text in texts:
        start = time.process_time()
        mathml.to_html(text)
        mathml.to_markdown(text)
        assert time.process_time() - start < 1.0, text[:20]
