"""Every family's LaTeX becomes MathML; text around it is escaped; Markdown uses $."""

import re

import pytest

from nnquiz.problems import registry
from nnquiz.problems.model import DIFFICULTIES
from nnquiz.render import mathml


@pytest.mark.parametrize("family", registry.ids())
def test_every_family_converts_without_a_latex_error(family):
    for difficulty in DIFFICULTIES:
        for seed in range(8):
            p = registry.generate(family, seed, difficulty)
            texts = [p.question_latex, p.solution_latex]
            texts += [part.prompt_latex for part in p.parts]
            for text in texts:
                html = mathml.to_html(text)
                assert 'class="tex-error"' not in html, (p.id, text)
                assert not re.search(r"\\\(|\\\[", html), p.id


def test_display_and_inline_math():
    html = mathml.to_html("Find \\(x^2\\) & <b>.\n\\[\\frac{a}{b}\\]\n\nNext.")
    assert html.startswith('<div class="para"><p>Find <math>')
    assert "&amp; &lt;b&gt;." in html
    assert '<div class="display"><math display="block"><mfrac>' in html
    assert html.count('<div class="para">') == 2


def test_a_snippet_the_converter_refuses_is_shown_not_dropped():
    html = mathml.to_html("\\(a_b_c\\)")
    assert '<code class="tex-error" title="LaTeX">a_b_c</code>' in html


def test_displaystyle_prompts_draw_full_size_fractions():
    html = mathml.inline_html("Find \\(\\frac{a}{b}\\).", displaystyle=True)
    assert 'displaystyle="true"' in html


def test_markdown_math_and_line_breaks():
    md = mathml.to_markdown("A \\(x\\) b\n\\[y = 1\\]\nC")
    assert md == "A $x$ b\n\n$$y = 1$$\n\nC"


def test_pipe_tables_and_lists_are_html():
    """A family's table (early_stopping's losses) and list (separable's checks)."""
    table = "| epoch | loss |\n| --- | --- |\n| 1 | \\(0.5\\) |"
    html = mathml.to_html(f"Losses:\n{table}\n- a \\(x\\)\nend")
    assert "<table><thead><tr><th>epoch</th><th>loss</th></tr></thead>" in html
    assert "<td>1</td><td><math>" in html and "---" not in html
    assert "<ul><li>a <math>" in html and "<p>end</p>" in html
