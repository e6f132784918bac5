"""The reader: what it accepts, what it refuses (and where), and its laws."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nnquiz.answers import Unreadable, read
from nnquiz.answers.fastpath import fast_read
from nnquiz.answers.parser import parse
from nnquiz.problems import notation

E, PI = math.e, math.pi

ACCEPTED = [
    # numbers
    ("0.25", 0.25),
    (".25", 0.25),
    ("-3", -3.0),
    ("\u22123", -3.0),  # Unicode minus, as nnquiz prints
    ("–3", -3.0),  # en dash
    ("2.5e-1", 0.25),
    ("2.5E-1", 0.25),
    ("2.5e\u22121", 0.25),
    ("25e-2", 0.25),
    ("1.", 1.0),
    ("1/4", 0.25),
    ("-1/4", -0.25),
    ("  0.25  ", 0.25),
    ("\u00a00.25\t", 0.25),
    ("\ufeff0.25", 0.25),  # a byte-order mark: zero-width, removed
    # a dash is a minus sign, also in an exponent (never Euler's number minus 4)
    ("-6.166e\u20134", -6.166e-4),
    ("-6.166E\u20144", -6.166e-4),
    ("\u20143", -3.0),  # em dash
    ("1 \u2011 2", -1.0),  # non-breaking hyphen
    # zero-width characters are removed: the number the student sees
    ("-0.000\u200b6166", -0.0006166),
    ("1\u200c2\u200d3\u20604", 1234.0),
    ("l\u00adn(2)", math.log(2)),  # a soft hyphen
    # other spaces beside an operator or a comma are only space
    ("1\u00a0+\u202f2", 3.0),
    ("[1,\u2009 2]", [1.0, 2.0]),
    ("25%", 0.25),
    ("(1/4)%", 0.0025),
    ("1/(4%)", 25.0),
    ("0e-400", 0.0),  # a zero, not an underflow
    ("1e-310", 1e-310),
    ("≈ 0.1736", 0.1736),
    # scientific, as people and nnquiz write it
    ("1.234×10⁻³", 1.234e-3),
    ("1.234*10^-3", 1.234e-3),
    ("1.234 · 10^(−3)", 1.234e-3),
    ("2.5×10²", 250.0),
    # expressions
    ("e", E),
    ("pi", PI),
    ("π/2", PI / 2),
    ("e^2/(1+e^2)", E**2 / (1 + E**2)),
    ("ln(e^2+e^4+e^0.5) - 4", math.log(E**2 + E**4 + E**0.5) - 4),
    ("exp(-1.5)", math.exp(-1.5)),
    ("log(10)", math.log(10)),  # natural, as in the notes
    ("LN(2)", math.log(2)),
    ("log10(1000)", 3.0),
    ("sqrt(2)/2", math.sqrt(2) / 2),
    ("√2", math.sqrt(2)),
    ("2^10", 1024.0),
    ("2**10", 1024.0),
    ("2^3^2", 512.0),  # right-associative
    ("-2^2", -4.0),  # power binds tighter than the sign
    ("2^-1", 0.5),
    ("e^-1", 1 / E),
    ("e²", E**2),
    ("(1+2)*3", 9.0),
    ("1 - 2", -1.0),
    ("1-2", -1.0),
    ("1 - -2", 3.0),
    ("1 + 2 * 3", 7.0),
    ("8/2/2", 2.0),  # left-associative
    ("--1", 1.0),
    ("+1", 1.0),
    ("1/(1+e^-0.5)", 1 / (1 + math.exp(-0.5))),
    ("σ(0.5)", 1 / (1 + math.exp(-0.5))),
    ("sigmoid(-800)", 0.0),
    ("tanh(0.5)", math.tanh(0.5)),
    ("-(ln(0.9)+ln(1-0.3))/2", -(math.log(0.9) + math.log(0.7)) / 2),
    # implicit products that are safe
    ("2pi", 2 * PI),
    ("2e^2", 2 * E**2),
    ("3sqrt(2)", 3 * math.sqrt(2)),
    ("2(1+e)", 2 * (1 + E)),
    ("(1+e)(2)", 2 * (1 + E)),
    ("(1 -2)", -1.0),  # inside parentheses, space is only space
    # vectors
    ("[0.1, 0.2]", [0.1, 0.2]),
    ("0.1, 0.2", [0.1, 0.2]),
    ("0.1 0.2", [0.1, 0.2]),
    ("(0.1, 0.2)", [0.1, 0.2]),
    ("(0.3865; 0.6325)", [[0.3865], [0.6325]]),  # as [0.3865; 0.6325]
    ("(0.1;\n 0.2)", [[0.1], [0.2]]),
    ("(1, 2; 3, 4)", [[1.0, 2.0], [3.0, 4.0]]),
    ("[0.1 0.2]", [0.1, 0.2]),
    ("[0.1,0.2,]", [0.1, 0.2]),
    ("[0.5]", [0.5]),
    ("1 -2", [1.0, -2.0]),  # as in MATLAB: a sign after a space starts an entry
    ("[1 -2 +3]", [1.0, -2.0, 3.0]),
    ("[e^2, 1/4]", [E**2, 0.25]),
    ("[1, 2,\n 3, 4]", [1.0, 2.0, 3.0, 4.0]),  # a line break after a comma continues
    # matrices
    ("[[1, 2], [3, 4]]", [[1.0, 2.0], [3.0, 4.0]]),
    ("[1 2; 3 4]", [[1.0, 2.0], [3.0, 4.0]]),
    ("[1, 2; 3, 4]", [[1.0, 2.0], [3.0, 4.0]]),
    ("[[1, 2]; [3, 4]]", [[1.0, 2.0], [3.0, 4.0]]),
    ("[1, 2], [3, 4]", [[1.0, 2.0], [3.0, 4.0]]),
    ("1 2; 3 4", [[1.0, 2.0], [3.0, 4.0]]),
    ("[[1, 2]]", [[1.0, 2.0]]),
    ("[1; 2]", [[1.0], [2.0]]),
    ("[1 2\n3 4]", [[1.0, 2.0], [3.0, 4.0]]),
    ("[[1, 2],\n [3, 4]]", [[1.0, 2.0], [3.0, 4.0]]),
    ("[\n  [1, 2],\n  [3, 4]\n]", [[1.0, 2.0], [3.0, 4.0]]),
    ("⎡1  −2⎤\n⎣3   4⎦", [[1.0, -2.0], [3.0, 4.0]]),  # pasted from nnquiz's output
    ("⎡0.5⎤\n⎢1.5⎥\n⎣2.5⎦", [[0.5], [1.5], [2.5]]),
    ("[1 2;\r\n 3 4]", [[1.0, 2.0], [3.0, 4.0]]),
]


def close(a, b) -> bool:
    if isinstance(b, list):
        return isinstance(a, list) and len(a) == len(b) and all(map(close, a, b))
    return not isinstance(a, list) and math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-300)


@pytest.mark.parametrize("text, value", ACCEPTED)
def test_reads(text, value):
    r = read(text)
    assert close(r.value, value), (text, r.value)


@pytest.mark.parametrize(
    "text, shown",
    [
        ("e^2/(1+e^2)", "0.880797077978"),
        ("[0.12, 0.86, 0.03]", "[0.12, 0.86, 0.03]"),
        ("[1 2; 3 4]", "[[1, 2], [3, 4]]"),
        ("−0.3", "-0.3"),
        ("-0", "0"),
        ("1.5e-7", "1.5e-7"),
        ("1/3", "0.333333333333"),
    ],
)
def test_the_echo_shows_how_the_input_was_read(text, shown):
    assert read(text).shown == shown


REFUSED = [
    # (text, words in the message, position)
    ("", "empty answer", None),
    ("   ", "empty answer", None),
    ("0.5.5", "runs into the entry before it", 3),
    ("1+2)", "unmatched ')' at character 4, after '1+2'", 3),
    ("[1, 2", "'[' is never closed at character 1", 0),
    ("(1+2", "'(' is never closed", 0),
    ("[1, 2)", "expected ']', found ')'", 5),
    ("2 *", "expected a value at the end, after '2 *'", 3),
    ("1,,2", "missing entry before ','", 2),
    ("abc", "unknown name 'abc'", 0),
    ("2x10^-3", "write * for times", 1),
    ("ln 2", "ln needs parentheses", 3),
    ("ln(0)", "ln needs a positive number", 0),
    ("log(-1)", "log needs a positive number", 0),
    ("sqrt(-1)", "sqrt needs a number ≥ 0", 0),
    ("1/0", "division by zero at character 2", 1),
    ("1/(1-1)", "division by zero", 1),
    ("0^-1", "0 to a negative power", 1),
    ("(-8)^(1/3)", "negative number to a fractional power", 4),
    ("9^9^9^9", "exponent 387420489 is too large", 3),
    ("10^1000", "too large", 2),
    ("exp(1000)", "exp(1000) is too large", 0),
    ("1e999", "number 1e999 is too large", 0),
    ("1e308*10", "too large at character 6", 5),
    ("[]", "empty brackets", 0),
    ("[1, [2]]", "numbers and bracketed rows are mixed", 0),
    ("[[1, 2], [3]]", "rows of different lengths (2 and 1)", 0),
    ("[[[1]]]", "too many brackets", 0),
    ("[1 2; 3]", "rows of different lengths", 0),
    ("[1,2]+1", "cannot be part of a calculation", 5),
    ("1/2pi", "ambiguous '/2pi'", 3),
    ("2 ^ ^ 3", "expected a value, found '^'", 4),
    ("a=3", "unexpected character '='", 1),
    ("0.5\x00", "unexpected character U+0000 at character 4, after '0.5'", 3),
    ("nan", "unknown name 'nan'", 0),
    ("inf", "unknown name 'inf'", 0),
    ("1_000", "unexpected character '_'", 1),
    ("٣", "unexpected character '٣'", 0),  # float() would take an Arabic-Indic digit
    ("0.5 %", "expected a value, found '%'", 4),
    # too small, as too large is: refused, not read as 0
    ("1e-999999", "number 1e-999999 is too small at character 1", 0),
    ("1e999999", "number 1e999999 is too large at character 1", 0),
    ("-1e-400", "number 1e-400 is too small", 1),
    ("[0.5, 1e-400]", "number 1e-400 is too small", 6),
    ("10^-1000", "10^-1000 is too small", 2),
    ("10^1000", "10^1000 is too large", 2),
    ("10^-1001", "exponent -1001 is too small (at least -1000)", 2),
    ("10^1001", "exponent 1001 is too large (at most 1000)", 2),
    ("10⁻¹⁰⁰⁰", "10^-1000 is too small", 2),
    ("e^-1000", "^-1000 is too small", 1),
    ("exp(-1000)", "exp(-1000) is too small", 0),
    ("1e-200*1e-200", "the result is too small", 6),
    ("1e-200/1e200", "the result is too small", 6),
    # a percent at the end of a divisor: (1/4)% or 1/(4%)? never guessed
    ("1/4%", "ambiguous '1/4%': write (1/4)% or 1/(4%) at character 4", 3),
    ("2*1/(4)%", "ambiguous '2*1/(4)%'", 7),
    ("1÷4%", "ambiguous '1/4%': write (1/4)% or 1/(4%)", 3),
    ("(1; 2", "'(' is never closed", 0),
    ("(1; ; 2)", "expected a value, found ';'", 4),
    ("(1, 2; 3)", "rows of different lengths (2 and 1)", 0),
    # a space that is not a plain one, between digits: a digit group, never a separator
    (
        "1\u202f000",
        "a narrow no-break space (U+202F) between digits at character 2, after '1': "
        "write 1000 without it, or separate entries with ',' or a plain space",
        1,
    ),
    ("-0.000\u2009616", "a thin space (U+2009) between digits", 6),
    (
        "1\u200a000.25",
        "hair space (U+200A) between digits at character 2, after '1': write 1000.25 without it",
        1,
    ),  # fmt: skip
    (
        "[0.1\u00a00.2]",
        "no-break space (U+00A0) between digits at character 5, after "
        "'[0.1': write the number without it",
        4,
    ),  # fmt: skip
    ("12 \u2007345", "figure space (U+2007) between digits at character 4, after '12 '", 3),
    ("2e\u20135\u20093", "thin space (U+2009) between digits", 4),
    ("1\u200e2", "unexpected character U+200E", 1),  # a direction mark is not removed
    ("2\u20623", "unexpected character U+2062", 1),  # invisible times: never 23
]


@pytest.mark.parametrize("text, words, position", REFUSED)
def test_refuses_with_one_line_saying_where(text, words, position):
    with pytest.raises(Unreadable) as err:
        read(text)
    e = err.value
    assert words in e.message, e.message
    assert e.position == position
    assert "\n" not in e.message and e.message.isprintable()
    assert str(e) == e.message


DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2212\ufe58\ufe63\uff0d"


@pytest.mark.parametrize("dash", DASHES)
def test_every_dash_is_a_minus_sign_also_in_an_exponent(dash):
    for text, value in [
        (f"{dash}6.166e{dash}4", -6.166e-4),
        (f"2.5E{dash}1", 0.25),
        (f"[1e{dash}3 {dash}2]", [1e-3, -2.0]),
        (f"e{dash}4", E - 4),  # no number before it: Euler's number minus 4, as with '-'
        (f"1 {dash}2", [1.0, -2.0]),
    ]:
        assert close(read(text).value, value), (text, read(text).value)


def test_zero_width_characters_count_nowhere():
    """Removed: the value is the one seen, and a message counts what the student sees,
    while ``position`` stays an index into the text as typed."""
    with pytest.raises(Unreadable, match="empty answer"):
        read("\u200b\ufeff")
    with pytest.raises(Unreadable) as err:
        read("\u200b\u200b1+\u200b)")
    assert err.value.message == "expected a value, found ')' at character 3, after '1+'"
    assert err.value.position == 5
    with pytest.raises(Unreadable) as err:
        read("1\u200b/0")
    assert err.value.position == 2 and "at character 2" in err.value.message


def test_limits_on_length_and_depth():
    with pytest.raises(Unreadable, match="too long: 2001 characters"):
        read("1" * 2001)
    read("(" * 24 + "1" + ")" * 24)
    with pytest.raises(Unreadable, match="nested too deeply"):
        read("(" * 25 + "1" + ")" * 25)
    with pytest.raises(Unreadable, match="nested too deeply"):
        read("sqrt(" * 30 + "1" + ")" * 30)
    with pytest.raises(TypeError):
        read(0.25)  # type: ignore[arg-type]


def test_results_are_finite():
    for text in ["1e308+1e308", "-1e308-1e308", "1e200*1e200", "e^709.8", "2^1024"]:
        with pytest.raises(Unreadable, match="too large"):
            read(text)


# ---------------------------------------------------------------- laws

finite = st.floats(allow_nan=False, allow_infinity=False, width=64)


@given(finite)
def test_any_float_written_by_python_reads_back_exactly(x):
    assert read(repr(x)).value == x
    assert read(f"{x:e}").value == float(f"{x:e}")


@given(st.lists(finite, min_size=1, max_size=6))
def test_the_echo_reads_back_as_the_same_value(xs):
    for text in (repr(xs), " ".join(map(repr, xs)), "[" + "; ".join(map(repr, xs)) + "]"):
        r = read(text)
        again = read(r.shown)
        assert again.shape == r.shape
        for a, b in zip(again.entries, r.entries):
            assert math.isclose(a, b, rel_tol=1e-11, abs_tol=0)


small = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False).filter(
    lambda x: x == 0 or abs(x) > 1e-9
)


@given(st.lists(small, min_size=1, max_size=4), st.integers(1, 3))
def test_reads_what_nnquiz_prints(xs, rows):
    """Numbers, vectors and matrices as nnquiz writes them (−, ×10⁻³, ⎡ ⎤) read back."""
    for x in xs:
        assert math.isclose(read(notation.num(x).text).value, x, rel_tol=1e-3)
    assert close4(read(notation.inline(xs).text).value, xs)
    assert close4(read(notation.column(xs).text).entries, xs)
    m = [xs] * rows
    assert close4(read(notation.matrix(m).text).entries, [x for r in m for x in r])
    assert close4(read(notation.inline(m).text).entries, [x for r in m for x in r])


def close4(a, b) -> bool:
    return len(a) == len(b) and all(math.isclose(x, y, rel_tol=1e-3) for x, y in zip(a, b))


NUMBER = st.one_of(
    finite.map(repr),
    finite.map(lambda x: f"{x:.3e}"),
    st.integers(-(10**6), 10**6).map(str),
    st.tuples(st.integers(-999, 999), st.integers(0, 999)).map(lambda t: f"{t[0]}/{t[1]}"),
    st.sampled_from([".5", "1.", "−0.3", "2.5e−1", "0/0", "1e999", "1e-999", "1e-200/1e200"]),
)
SEPARATOR = st.sampled_from([", ", ",", " ", "  ", "\t", " ,", " , "])


@given(st.lists(NUMBER, min_size=1, max_size=5), SEPARATOR, st.integers(0, 5))
def test_the_fast_path_agrees_with_the_parser(entries, sep, layout):
    row = sep.join(entries)
    text = [
        row,
        f"[{row}]",
        f" [ {row} ] ",
        f"[[{row}], [{row}]]",
        f"[{row}; {row}]",
        f"[[{row}]]",
    ][layout]
    try:
        expected = parse(text)
    except Unreadable:
        expected = None
    assert fast_read(text) in (None, expected)
    if expected is not None:
        assert read(text).value == expected


def test_the_fast_path_takes_plain_numbers_and_leaves_the_rest():
    assert fast_read(" -0.25 ") == -0.25
    assert fast_read("−1/4") == -0.25
    assert fast_read("[0.1, −0.2 3e-1]") == [0.1, -0.2, 0.3]
    assert fast_read("0.1 -0.2") == [0.1, -0.2]
    assert fast_read("[[1, 2], [3, 4]]") == [[1.0, 2.0], [3.0, 4.0]]
    assert fast_read("[1 2; 3 4]") == [[1.0, 2.0], [3.0, 4.0]]
    left = ["1 - 2", "1 /2", "[1, 2", "1/0", "1e999", "[[1, 2], [3]]", "e", "(1, 2)", "1e-400"]
    for text in left + ["1e-200/1e200", "[1, 1e-999]"]:
        assert fast_read(text) is None, text


def test_yes_and_no_read_as_1_and_0():
    """A yes-or-no part (separable) is answered in words; 1 and 0 still read."""
    assert read("yes").value == 1.0 and read(" No ").value == 0.0 and read("YES").value == 1.0
    assert read("no").shown == "no (0)"
    for text in ("yes no", "nope", "y", "yes!"):
        with pytest.raises(Unreadable):
            read(text)
