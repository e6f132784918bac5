"""Numbers and signs are written the way a careful person writes them."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nnquiz.problems import notation as n


@pytest.mark.parametrize(
    "x, text, latex",
    [
        (0.25, "0.25", "0.25"),
        (-3.0, "−3", "-3"),
        (2.0, "2", "2"),
        (-0.0, "0", "0"),
        (2.5e-7, "2.5×10⁻⁷", r"2.5 \times 10^{-7}"),  # exact: no padding zeros
        # a number a person wrote (the decimal it is, to the last bit): as written
        (2.50123e-7, "2.50123×10⁻⁷", r"2.50123 \times 10^{-7}"),
        (0.123456, "0.123456", "0.123456"),
        (-12345.67891, "−12345.67891", "-12345.67891"),
        (1e-300, "1×10⁻³⁰⁰", r"1 \times 10^{-300}"),  # not 0
        # a computed value: exact when it is a short decimal, else 4 significant digits
        (1 / 3 * 1e-6, "3.333×10⁻⁷", r"3.333 \times 10^{-7}"),
        (2 / 3, "0.6667", "0.6667"),
        (-12345.67891 / 3, "−4115", "-4115"),
        (0.00625, "0.00625", "0.00625"),
        (0.1 + 0.2 - 0.3, "0", "0"),  # floating-point dust
        (0.1 + 0.2, "0.3", "0.3"),
        (-12345.678, "−12345.678", "-12345.678"),
        (0.0001234, "0.0001234", "0.0001234"),
    ],
)
def test_numbers(x, text, latex):
    m = n.num(x)
    assert (m.text, m.latex) == (text, latex)


def test_rounded_values_say_approximately():
    assert n.value(0.5).text == " = 0.5"
    # at most 4 significant digits is exact, however many decimals: 0.01/8, a product
    assert n.value(0.01 / 8).text == " = 0.00125"
    assert n.value(-0.4 * 1.3 * -2 * 1.3 * -0.2 * 0.1).text == " = −0.02704"
    assert n.value(1 / 3).text == " ≈ 0.3333"
    assert n.value(1 / 3).latex == r" \approx 0.3333"


def test_sums_never_show_plus_minus():
    m = n.dot_terms([0.5, -2.0, 1.0], [1.0, -1.0, 3.0], -0.3)
    assert m.text == "0.5·1 − 2·(−1) + 1·3 − 0.3"
    assert m.latex == r"0.5 \cdot 1 - 2 \cdot (-1) + 1 \cdot 3 - 0.3"
    assert n.signed_sum([(-1.5, None), (2.0, None)]).text == "−1.5 + 2"


def test_exponents_carry_their_sign_once():
    assert n.exp(-1.56).latex == "e^{-1.56}"
    assert n.exp(-1.56).text == "e^(−1.56)"
    assert n.exp(2).text == "e^2"


def test_matrices_are_aligned_and_bracketed():
    m = n.matrix([[1, -2.5], [0.25, 3]])
    assert m.text.split("\n") == ["⎡   1  −2.5⎤", "⎣0.25     3⎦"]
    assert m.latex == r"\begin{bmatrix}1 & -2.5 \\ 0.25 & 3\end{bmatrix}"


def test_side_by_side_blocks_line_up_their_middles():
    m = n.cat(n.sym("z", 2), n.EQ, n.column([1, 2, 3]))
    assert m.text.split("\n") == ["       ⎡1⎤", "z⁽²⁾ = ⎢2⎥", "       ⎣3⎦"]


def test_weight_symbols_follow_the_notes():
    w = n.sym("w", 1, 2, 1)
    assert (w.text, w.latex) == ("w⁽¹⁾₂₁", "w^{(1)}_{21}")
    assert n.transpose(n.sym("W", 2)).latex == r"{W^{(2)}}^{\top}"


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from([0, 1, -1, 0.5, -2.25, 0.1234567, -1e-7, 123456.7, 1e9, -0.0, 3.0, 0.3])
        | st.floats(-1e7, 1e7, allow_nan=False),
        min_size=1,
        max_size=5,
    )
)
def test_a_column_is_drawn_as_a_matrix_of_one_column(values):
    # column() has its own, faster way to the same text and LaTeX as matrix()
    col, mat = n.column(values), n.matrix([[v] for v in values])
    assert (col.lines, col.base, col.latex) == (mat.lines, mat.base, mat.latex)


def test_a_large_value_is_not_shown_as_exact_with_digits_it_does_not_have():
    # e^30 is within 1e-12 of 10686474581524.4629, which is not e^30: round it, and say ≈
    import math

    big = math.exp(30)
    assert n.num(big).text == "1.069×10¹³" and n.rel(big).text.strip() == "≈"
    assert n.num(math.exp(50)).text == "5.185×10²¹"
    # whole numbers of up to 12 digits (parameter counts) are exact
    assert n.num(200704).text == "200704" and n.rel(200704).text.strip() == "="
    assert n.num(123456789012.0).text == "123456789012"
    assert n.num(0.1 + 0.2).text == "0.3" and n.num(-2.5).text == "−2.5"
