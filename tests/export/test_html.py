"""Field HTML: everything escaped, math intact and never split by a tag."""

from __future__ import annotations

import re
import warnings

import genanki
import pytest
from hypothesis import given
from hypothesis import strategies as st

from nnquiz.export.html import block_html, inline_html
from nnquiz.render.texmath import MathError, problems, segments, tex_problems

from .ankitools import flat_math, flat_tex, formulas, text_nodes

TEXT = st.text(alphabet="ab <>&\"'\n*-", max_size=12)
MATH = st.text(alphabet="x1<>&{}^_ +", min_size=1, max_size=12).filter(lambda s: s.strip())
PIECES = st.lists(st.tuples(TEXT, MATH, st.booleans()), max_size=5)


def _join(pieces, tail="") -> str:
    out = []
    for text, math, display in pieces:
        out.append(text)
        out.append(rf"\[{math}\]" if display else rf"\({math}\)")
    return "".join(out) + tail


@given(PIECES, TEXT)
def test_math_survives_escaping(pieces, tail):
    """A browser reading the HTML gets back every formula exactly, and all the text."""
    s = _join(pieces, tail)
    html = block_html(s)
    # a formula may come cut into pieces (mathflow): together they are the formula
    assert flat_math(html) == flat_tex("".join(m for _, m, _ in pieces))
    text = "".join(seg.body for seg in segments("".join(text_nodes(html))) if seg.kind == "text")
    written = "".join(seg.body for seg in segments(s) if seg.kind == "text")
    # a line starting "- " is a list item: its dash is the list's bullet
    assert re.sub(r"[\s-]", "", text) == re.sub(r"[\s-]", "", written)
    assert not re.search(r"<(?!/?(div|br|b|ul|li|span)\b)", html)  # only our own tags
    note = genanki.Note(fields=[html])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        note._check_invalid_html_tags_in_fields()


def test_less_than_and_ampersand_inside_math():
    html = inline_html(r"\(a < b\) and \[\begin{bmatrix}1 & 2\end{bmatrix}\]")
    assert r"\(a &lt; b\)" in html
    assert r"\begin{bmatrix}1 &amp; 2\end{bmatrix}" in html
    assert formulas(html) == [
        ("a < b", False),
        (r"\displaystyle \begin{bmatrix}1 & 2\end{bmatrix}", False),
    ]


def test_markup_lists_paragraphs_and_bold():
    html = block_html("First **bold** \\(x*y\\)\n\n- one\n- two \\(z\\)\n  more", markup=True)
    assert html == (
        '<div class="para">First <b>bold</b> \\(x*y\\)</div>'
        "<ul><li>one</li><li>two \\(z\\)<br>more</li></ul>"
    )


def test_display_math_gets_its_own_block_without_stray_breaks():
    html = block_html("Intro:\n\\[a = 1\\]\n\\[b = 2\\]\nafter")
    assert html == (
        '<div class="para">Intro:'
        '<div class="display"><span class="eq"><span class="t">\\(\\displaystyle a = 1\\)</span>'
        "</span></div>"
        '<div class="display"><span class="eq"><span class="t">\\(\\displaystyle b = 2\\)</span>'
        "</span></div>after</div>"
    )


def test_segments_and_errors():
    assert [(s.kind, s.body) for s in segments(r"a \(x\) b \[y\]")] == [
        ("text", "a "),
        ("inline", "x"),
        ("text", " b "),
        ("display", "y"),
    ]
    for bad, message in [
        (r"\(x", "never closed"),
        (r"x\)", "without an opening"),
        (r"\(x\]", "closed by"),
        (r"\(a \[b\] \)", "inside math"),
    ]:
        with pytest.raises(MathError, match=re.escape(message)):
            segments(bad)
    assert segments(r"a \\(x") == [segments(r"a \\(x")[0]]  # an escaped backslash is text


@pytest.mark.parametrize(
    ("tex", "message"),
    [
        ("", "empty formula"),
        ("{x", "'{' never closed"),
        ("x}", "'}' without '{'"),
        (r"\left(x", "1 \\left but 0 \\right"),
        (r"\begin{bmatrix}x", "never ended"),
        (r"\begin{tabular}x\end{tabular}", "unknown environment"),
        (r"\argmax x", "unknown macro \\argmax"),
    ],
)
def test_tex_problems(tex, message):
    assert any(message in p for p in tex_problems(tex)), tex_problems(tex)


def test_good_tex_has_no_problems():
    tex = r"\frac{\partial L}{\partial w^{(1)}_{12}} = \left(\hat{y} - y\right) \cdot x_{2} \{a\}"
    assert tex_problems(tex) == []
    assert problems(rf"Text \({tex}\) and \[{tex}\]") == []


def _reference_segments(s: str):
    """Character by character: a backslash takes the next character with it."""
    out, buf, kind, i = [], "", None, 0
    while i < len(s):
        two = s[i : i + 2]
        if s[i] == "\\" and two in (r"\(", r"\[", r"\)", r"\]"):
            opening = two in (r"\(", r"\[")
            if kind is None and opening:
                out.append(("text", buf)) if buf else None
                buf, kind = "", "inline" if two == r"\(" else "display"
            elif kind is not None and two == (r"\)" if kind == "inline" else r"\]"):
                out.append((kind, buf))
                buf, kind = "", None
            else:
                return "error"
            i += 2
        elif s[i] == "\\":
            buf += two
            i += 2
        else:
            buf += s[i]
            i += 1
    if kind is not None:
        return "error"
    return out + ([("text", buf)] if buf else [])


@given(st.text(alphabet="\\()[]a ", max_size=16))
def test_segments_agree_with_a_character_by_character_reading(s):
    try:
        got = [(seg.kind, seg.body) for seg in segments(s)]
    except MathError:
        got = "error"
    assert got == _reference_segments(s)


def test_brackets_and_punctuation_stay_on_the_line_of_their_formula():
    """A browser breaks around the boxes MathJax draws: '(' and '.' are glued to them."""
    short = inline_html(r"the subgradient (\(\operatorname{sign}(0) = 0\)). Then \(x\), y")
    assert r'<span class="nw">(\(\operatorname{sign}(0) = 0\)).</span> Then' in short
    assert r'<span class="nw">\(x\),</span> y' in short
    long = inline_html(r"so (\(a = b + c + d + e + f + g + h + i + j + k + l + m\)), then")
    assert r'<span class="flow"><span class="eq"><span class="t">(\(a = b\)' in long
    assert r"\({}+ m\)),</span></span></span> then" in long
