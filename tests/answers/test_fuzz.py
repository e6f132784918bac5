"""Fuzzing the reader: on any input up to 10,000 characters it either reads a finite
value or raises Unreadable (one printable line), and never takes 50 ms.

Beside any text and grammar-like text, the Unicode a pasted answer brings: dashes
(Pd, and U+2212), spaces (Zs, Zl, Zp), invisible format characters (Cf: zero-width
spaces and joiners, the byte-order mark, direction marks), controls (Cc), other digits
(Nd, No) and math symbols (Sm), alone and mixed with digits, e, brackets and operators.
"""

import math
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nnquiz.answers import Unreadable, grade_part, read
from nnquiz.problems import registry

LIMIT = 0.05  # seconds per read
FUZZ = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Characters the grammar cares about, so fuzzing reaches deep into the parser.
PIECES = st.sampled_from(
    list("0123456789.eE+-*/^(),;[]% \t\n√π²³⁻×·−⎡⎤⎣⎦≈σ_'\"\\x\x00")
    + ["e", "pi", "exp(", "ln(", "log(", "sqrt(", "tanh(", "**", "1e308", "9^9", ")", "]"]
)
GRAMMARISH = st.lists(PIECES, max_size=3000).map("".join)


def timed_read(text: str) -> float:
    start = time.process_time()
    try:
        r = read(text)
    except Unreadable as e:
        assert e.message and "\n" not in e.message and e.message.isprintable()
        assert e.position is None or 0 <= e.position <= len(text)
    else:
        assert all(math.isfinite(x) for x in r.entries)
        assert r.shape == () or 0 < len(r.entries)
        assert isinstance(r.shown, str) and r.shown
    return time.process_time() - start


def check(text: str) -> None:
    """Reads cleanly within LIMIT; a slow time is measured twice more and the best kept,
    so a busy machine's pause does not count against the reader."""
    elapsed = timed_read(text)
    if elapsed >= LIMIT:
        elapsed = min(elapsed, timed_read(text), timed_read(text))
    assert elapsed < LIMIT, (elapsed, text[:80])


# The characters issue 20 names, and the Unicode categories they belong to
LISTED = (
    "\u2010\u2011\u2012\u2013\u2014\u2212\uff0d\ufe63\ufe58"  # dashes
    "\u200b\u200c\u200d\u2060\ufeff\u202f\u2009\u200a\u00a0"  # invisible and spaces
    "\u2007\u2008\u00ad\u200e\u200f\u202e\u2062\u2028\u2029\u0085\u3000"
)
CATEGORIES = ("Pd", "Zs", "Zl", "Zp", "Cf", "Cc", "Nd", "No", "Sm")
UNICODE = st.one_of(
    st.characters(categories=CATEGORIES),
    st.sampled_from(LISTED),
)
MIXED = st.lists(
    st.one_of(UNICODE, PIECES, st.sampled_from(["1", "0", "6.166", "e", "E", "e-", "[", "]"])),
    max_size=2500,
).map("".join)


@FUZZ
@given(st.text(UNICODE, max_size=3000))
def test_the_listed_unicode_categories(text):
    check(text)


@FUZZ
@given(MIXED)
def test_unicode_mixed_with_digits_e_dashes_brackets_and_operators(text):
    check(text)


@FUZZ
@given(st.lists(st.one_of(UNICODE, PIECES), max_size=400).map("".join))
def test_short_unicode_mixes_within_the_length_limit(text):
    check(text)


@FUZZ
@given(st.text(max_size=10_000))
def test_any_text(text):
    check(text)


@FUZZ
@given(GRAMMARISH)
def test_grammar_like_text(text):
    check(text[:10_000])


@FUZZ
@given(st.lists(PIECES, max_size=400).map("".join))
def test_short_grammar_like_text_within_the_length_limit(text):
    check(text)


PROBLEM = registry.generate("backprop", 3, "hard")


@settings(max_examples=200, deadline=None)
@given(GRAMMARISH, st.sampled_from([p.label for p in PROBLEM.parts]))
def test_grading_never_raises(text, label):
    g = grade_part(PROBLEM, label, text)
    assert 0.0 <= g.score <= 1.0
    assert g.readable == (g.read_as is not None)
    assert g.correct == (g.score == 1.0)


# ---------------------------------------------------------------- laws

finite = st.floats(allow_nan=False, allow_infinity=False, width=64)
DASH = st.sampled_from(LISTED[:9])
ZERO_WIDTH = st.sampled_from("\u200b\u200c\u200d\u2060\ufeff\u00ad")
SPACE = st.sampled_from("\u202f\u2009\u200a\u00a0\u2007\u2008\u3000")


@given(st.floats(-1e300, 1e300).filter(lambda x: x == 0 or abs(x) > 1e-300), DASH)
def test_a_dash_in_an_exponent_is_a_minus_sign(x, dash):
    text = f"{x:.4e}"
    assert read(text.replace("-", dash)).value == float(text)


@given(finite, st.lists(st.tuples(st.integers(0, 30), ZERO_WIDTH), max_size=4))
def test_zero_width_characters_change_nothing(x, inserts):
    text = repr(x)
    for at, c in inserts:
        at = min(at, len(text))
        text = text[:at] + c + text[at:]
    assert read(text).value == x


@given(st.integers(1, 999), st.integers(0, 999), SPACE)
def test_a_space_between_digits_is_never_a_separator(head, tail, space):
    text = f"{head}{space}{tail:03d}"
    with pytest.raises(Unreadable, match=r"between digits .*write \d+ without it"):
        read(text)
