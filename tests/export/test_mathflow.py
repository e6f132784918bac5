"""Display math cut where a phone may break it, and worked solutions with entry sums folded.

The browser test (test_phone.py) shows that the cards fit; these pin down where a
formula may be cut and that no cut changes what it says.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from nnquiz.export.mathflow import display_html, inline_html, pieces, unfenced
from nnquiz.export.steps import solution_html
from nnquiz.problems import registry

from .ankitools import flat_math, flat_tex, formulas

MATRIX = r"\begin{bmatrix}1 &amp; 2 \\ 3 &amp; 4\end{bmatrix}"


def test_a_chain_is_cut_before_each_relation_after_the_first():
    assert pieces(r"L = -\ln(0.5) \approx 0.6931 = x") == [
        [[r"L", r"= -\ln(0.5)"], [r"\approx 0.6931"], ["= x"]]
    ]


def test_terms_are_cut_before_spaced_operators_and_between_matrices():
    tex = rf"z = {MATRIX}{MATRIX} + b \cdot 2 - 1 = -0.5"
    assert pieces(tex) == [[["z", f"= {MATRIX}", MATRIX, r"+ b \cdot 2", "- 1"], ["= -0.5"]]]


def test_a_product_is_cut_at_its_dots_only_where_it_is_not_a_term_of_a_sum():
    """A line never starts with a factor: '+ 0.3' then '· (-0.75)' would read as a term."""
    tex = r"z = 0.8 \cdot (-0.7) - 0.1 \cdot 0.2 + 0.3 \cdot 0.75 = g = 0.25 \cdot 0.5 \cdot 0.3"
    assert pieces(tex) == [
        [
            ["z", r"= 0.8 \cdot (-0.7)", r"- 0.1 \cdot 0.2", r"+ 0.3 \cdot 0.75"],
            ["= g"],
            ["= 0.25", r"\cdot 0.5", r"\cdot 0.3"],
        ]
    ]


def test_a_long_product_in_a_sum_is_still_cut_at_its_dot():
    """W - 0.5 times a wide gradient: the gradient may go to a line of its own."""
    grad = r"\begin{bmatrix}-4.133\times 10^{-5} & 0.0001860 & 0.0001240\end{bmatrix}"
    assert pieces(rf"W = {MATRIX} - 0.5 \cdot {grad}") == [
        [["W", f"= {MATRIX}", "- 0.5", rf"\cdot {grad}"]]
    ]


def test_quad_separates_equations_and_keeps_its_comma():
    assert pieces(r"W = 1,\quad b = 2\qquad \text{done}") == [
        [["W", "= 1,"]],
        [["b", "= 2"]],
        [[r"\text{done}"]],
    ]


def test_groups_are_never_cut():
    for tex in [
        r"\frac{a = b}{c + d}",
        r"\left(a = c\right)",
        r"\begin{bmatrix}a = b \\ c + d\end{bmatrix}",
        r"x^{a + b}",
    ]:
        assert pieces(tex) == [[[tex]]], tex


def test_plain_brackets_keep_relations_and_inner_operators():
    # a relation inside brackets stays; an operator directly inside may break
    assert pieces(r"g \approx 1\quad [\sigma'(z) = h(1 - h)]") == [
        [["g", r"\approx 1"]],
        [[r"[\sigma'(z) = h(1 - h)]"]],
    ]
    assert pieces(r"L = [\ln(1 - p) + \ln q]") == [[["L", r"= [\ln(1 - p)", r"+ \ln q]"]]]


def test_unbalanced_groups_are_left_whole():
    assert pieces(r"[0, 1) = x") == [[["[0, 1)", "= x"]]]  # a bracket never closed is text
    assert pieces(r"\right) = x") == [[[r"\right) = x"]]]


def test_a_long_chain_is_marked_for_a_phone():
    short = display_html("a = b = c")
    long = display_html(r"\frac{\partial L}{\partial z} = 0.1234 \cdot 0.5678 = 0.07 \approx 0.07")
    assert 'class="display"' in short and "chain" not in short
    assert 'class="display chain"' in long
    assert long.count('class="eq"') == 3


def test_short_inline_math_is_left_alone():
    assert inline_html("x = 1") == r"\(x = 1\)"
    long = inline_html(r"1 + k t > \eta_0/\tau, \text{ so } t > (\eta_0/\tau - 1)/k \approx 1.222")
    assert long.startswith('<span class="flow">')
    assert [d for _, d in formulas(long)] == [False] * len(formulas(long))


def test_inline_math_keeps_a_short_left_side_with_its_relation():
    """'bias b' then '= [-1]' on the next line reads badly; a long left side may break."""
    html = inline_html(r"b = \begin{bmatrix}-1 & 2 & 3 & 4 & 5\end{bmatrix}^\top + 0.5 \approx 1")
    assert html.startswith(r'<span class="flow"><span class="eq"><span class="t">\(b = \begin')
    html = inline_html(
        r"\frac{\partial L_{\text{data}}}{\partial w} = \begin{bmatrix}0.9 & -0.5\end{bmatrix}"
    )
    assert r'\partial w}\)</span><span class="t">\({}= \begin' in html


TEX = st.text(alphabet="ab1=+- {}()[]", min_size=1, max_size=30).filter(lambda s: s.strip())


@given(TEX)
def test_the_pieces_add_up_to_the_formula(tex):
    """Whatever the formula, its pieces together are it: nothing lost, nothing added."""
    assert flat_math(display_html(tex)) == flat_tex(tex)


def _entries_folded(html: str) -> tuple[str, str]:
    shown, _, folded = html.partition('<details class="nnq-entries">')
    return shown, folded


def test_entry_sums_are_folded_and_each_layer_is_one_line_a_vector():
    p = registry.show("backprop:hard:2")
    html = solution_html([s.latex for s in p.steps])
    layer2 = html.split('<div class="para">')[1]
    shown, folded = _entries_folded(layer2)
    # shown: z and h as vectors; folded: the product and every entry
    assert flat_tex(r"z^{(2)}=\begin{bmatrix}-0.59\\-0.28\\0.55\end{bmatrix}") in flat_math(shown)
    assert flat_tex(r"h^{(2)}\approx\begin{bmatrix}-0.5299\\-0.2729\\0.5005\end{bmatrix}") in (
        flat_math(shown)
    )
    assert "z^{(2)}_{1}" not in flat_math(shown) and "0.3\\cdot" not in flat_math(shown)
    for line in p.steps[0].latex.split("\n")[1:]:
        assert flat_tex(line[2:-2]) in flat_math(folded)


def test_steps_without_entries_are_shown_as_written():
    p = registry.show("bce:1")
    html = solution_html([s.latex for s in p.steps])
    assert "nnq-entries" not in html
    assert flat_math(html) == flat_tex("".join(f for s in p.steps for f, _ in formulas(s.latex)))


def test_a_fence_holding_a_sum_may_break_inside():
    """MathJax cannot split \\left from \\right: a top-level pair around a sum becomes
    \\bigl … \\bigr (\\Bigl around a fraction), the same length, so it may."""
    tex = r"L = -\frac{1}{3}\left[\ln\left(1 - p\right) + \ln q\right] \approx 1"
    assert pieces(tex) == [
        [["L", r"= -\frac{1}{3}\bigl[\ln\left(1 - p\right)", r"+ \ln q\bigr ]"], [r"\approx 1"]]
    ]
    assert unfenced(r"\left(\frac{1}{2} - b\right)") == r"\Bigl(\frac{1}{2} - b\Bigr )"
    assert unfenced(r"\left(a\right) + b") == r"\left(a\right) + b"  # nothing inside to break
