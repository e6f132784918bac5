"""The feedback page's Markdown blocks written as HTML without a parser (markup.py) are
exactly what markdown-it makes of them, on hostile text; a block it cannot write
plainly is left to markdown-it (None), never written wrong."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from nnquiz.homework.feedback import _markdown, html_body
from nnquiz.homework.markup import plain_html
from nnquiz.homework.sheets import md_code, md_text

# every character that means something to Markdown, some that do not, and whitespace
TEXT = st.lists(
    st.sampled_from(
        list("*_`\\[]<>&#|~!-+.()=:;'\"$%{}^@/ 0123456789aZσé\u00a0\t\n\r\x00")
        + ["&lt;", "&#35;", "&amp;", "&copy;", "\\`", "\\\\", "``", "  "]
    ),
    max_size=20,
).map("".join)
WORDS = st.text(alphabet=st.sampled_from(list("abc XY_01.,:()[]-±%")), min_size=1, max_size=30)


def same(block: str) -> None:
    html = plain_html(block)
    if html is not None:
        assert html == _markdown().render(block), block


@settings(max_examples=400, deadline=None)
@given(TEXT, TEXT, WORDS)
def test_plain_blocks_are_what_markdown_it_makes(a, b, c):
    for block in (
        a,
        b + a,
        f"# {md_text(a)}: feedback for {md_text(b)} ({md_text(c)})",
        f"## Question 3: {c}",
        f"### 2b: {a}",
        f"**Score: {a} of {c} points.**",
        f"*{md_text(a)}*",
        f"*{a}*",
        f"**{a}**",
        f"{c} {md_text(a)}",
        f"Your instructor gave part a 2 points: {md_text(a)}",
        f"- You wrote: {md_code(a)}\n- Read as: {md_code(b)}\n- {md_text(a)}\n- Right answer: {c}",
        f"- {a}\n- {b}",
        f"Rows of yours that were skipped:\n\n- The row on line 3 was skipped: {md_text(a)}.",
        f"| question | points | notes |\n| --- | --- | --- |\n| 1 | {c} | {md_text(a)} |",
        f"| question | points | notes |\n| --- | --- | --- |\n| {a} | {b} | |",
        f"| a | b |\n| --- | --- |\n| {md_text(a)} | {md_code(b)} |",
        f"{md_code(a)} and {md_code(b)}",
        f"You wrote {a}`{b}`{c}",
    ):
        same(block)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(TEXT, WORDS.map(lambda w: f"- {w}")), min_size=1, max_size=5))
def test_a_page_is_what_markdown_it_makes_of_its_runs(pieces):
    blocks = [("md", p) for p in pieces]
    body = html_body(blocks)
    expected = _markdown().render("\n\n".join(pieces))
    assert body == '<section class="sheet feedback">\n' + expected + "\n</section>"


def test_the_blocks_feedback_writes_are_written_plainly():
    """The common blocks take the plain path (else the class's pages cost as before)."""
    for block in (
        "# Homework 3: feedback for Ada Lovelace (s_001)",
        "**Score: 80 of 100 points.**",
        "| question | points | notes |\n| --- | --- | --- |\n| 1 | 10 of 10 points |  |\n"
        "| 2 | 0 of 5 points ← | credit carried forward |",
        "## Question 4: 0 of 10 points",
        "*Cross-entropy loss over 3 classes*",
        "### 4a: could not be read",
        "- You wrote: `ln((`\n- Read as: `[0.5, 1]`\n- 0 of 2 entries right; wrong: entry 1.\n"
        "- (b) follows correctly from your (a)\n- Right answer: [0.00686741, 0.374948] (±1%)",
        "Graded: your submission of 3 March 2026, 14:05 UTC.",
        "### Worked solution",
    ):
        assert plain_html(block) == _markdown().render(block), block
