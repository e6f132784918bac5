"""Numbers written as a person writes them: short decimals exactly, others to 4
significant digits, ``=`` or ``≈`` as the case may be, and signed sums with clean signs.

Signs are typeset cleanly: a sum never shows ``+ -0.3`` (it shows ``− 0.3``), a
negative factor is put in parentheses, and ``-0`` is never shown.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from .core import APPROX, EQ, MINUS, NEG, PLUS, SUB, TIMES, M, cat, superscript

SIG = 4  # significant digits shown for a value that is not a short decimal
_SIG_FORMAT = f"%.{SIG}g"  # what round_array keeps of a value

# ---------------------------------------------------------------- numbers


MAX_DIGITS = 12  # a short decimal has at most this many significant digits
# A number shown as written when it is the decimal of at most this many digits to the
# last bit: a person writes 0.123456; a computed value is one only by coincidence, and
# with more digits a float can be the nearest to a decimal the value is not
# (1/(3·0.999999) is the double of −0.333333666667)
WRITTEN_DIGITS = 10
_WRITTEN_FORMAT = f"%.{WRITTEN_DIGITS}g"
# f"{r:.{n}f}" in printf style: the same text (both are Python's float formatting), cheaper
_FIXED = "%.*f"


def short_decimal(x: float, max_decimals: int = 4, written: bool = True) -> str | None:
    """``x`` written exactly with at most ``max_decimals`` decimals or at most SIG
    significant digits (0.00625, 1e-06), or as the decimal of at most MAX_DIGITS
    significant digits it is to the last bit (a number a person wrote: 0.123456, 1e-300);
    else None. ``written=False`` leaves out that last kind: an answer, which is rounded to
    12 significant digits, would always be one.

    Exactly means to 12 significant digits: e^30 (about 10686474581524.463) is within
    1e-12 of a number with 4 decimals, but that number is not e^30, so it is refused.
    """
    r = round(x, max_decimals)
    if abs(x - r) > 1e-12 * abs(x) or (x != 0 and r == 0):
        as_written = _written_exactly(x) if written else None
        if as_written is not None:
            return as_written
        if abs(x) >= 0.1:  # SIG digits from the tenths fit in 4 decimals: already refused
            return None
        few = float(_SIG_FORMAT % x)  # as many digits as a rounded value shows
        if abs(x - few) > 1e-12 * abs(x):
            # floating-point dust, as in 0.1 + 0.2 - 0.3; a tiny value of few digits is
            # itself (0 - 1e-300·5 is -5e-300, not 0)
            return "0" if abs(x) < 1e-15 else None
        return (_SIG_FORMAT % few).replace("e+", "e").replace("e0", "e").replace("e-0", "e-")
    s = (_FIXED % (max_decimals, r)).rstrip("0").rstrip(".")
    if s in ("-0", ""):
        return "0"
    if len(s.lstrip("-").replace(".", "").lstrip("0")) > MAX_DIGITS:
        return None
    return s


def _written_exactly(x: float) -> str | None:
    """The decimal of at most MAX_DIGITS significant digits that ``x`` is to the last bit
    (``0.123456``, ``1e-300``), in plain form from 0.0001 to a million; else None."""
    s = _WRITTEN_FORMAT % x
    if float(s) != x:
        return None
    if "e" in s:
        mant, exp = s.split("e")
        if 1e-4 <= abs(x) < 1e6:
            decimals = max(0, len(mant.split(".")[1] if "." in mant else "") - int(exp))
            return f"{x:.{decimals}f}"
        return f"{mant}e{int(exp)}"
    return s


_G_DIGITS = 15  # a decimal of at most 15 significant digits survives a float unchanged
_ALTERNATE_G = {n: f"%#.{n}g" for n in range(2, _G_DIGITS + 1)}
_EXPONENT = {n: f"%.{n - 1}e" for n in range(2, _G_DIGITS + 1)}


def round_sig(x: float, sig: int = SIG) -> float:
    """x rounded to ``sig`` significant digits."""
    if x == 0 or not math.isfinite(x):
        return x
    return round(x, sig - 1 - math.floor(math.log10(abs(x))))


def round_array(a):
    """Each entry of an array rounded to SIG significant digits (what a student carries)."""
    a = np.asarray(a, dtype=float)
    if a.ndim == 0:
        return np.float64(float(_SIG_FORMAT % float(a)))
    if a.ndim == 1:  # the common case: no reshaping needed
        return np.array([float(_SIG_FORMAT % v) for v in a.tolist()])
    return np.array([float(_SIG_FORMAT % v) for v in a.ravel().tolist()]).reshape(a.shape)


def plain(x: float, sig: int = SIG, written: bool = True) -> str:
    """ASCII form of a value: exact if a short decimal, else ``sig`` significant digits
    (``written=False``: see :func:`short_decimal`)."""
    s = short_decimal(x, written=written)
    if s is not None:
        return s
    return _rounded_text(x, sig)


def _rounded_text(x: float, sig: int = SIG) -> str:
    """``x`` to ``sig`` significant digits: 0.002476, 13.36; from 10^sig on, with a power
    of 10 (1.336×10⁴, not 13360, whose last 0 would claim a digit that was rounded)."""
    if 2 <= sig <= _G_DIGITS and 0 < abs(x) < 1e300:  # (round_sig overflows near 1.8e308)
        # The C formatter rounds once, as round_sig does, and chooses between fixed and
        # exponent form by the rounded value's exponent as below ("alternate" keeps the
        # trailing zeros). Decimals of at most 15 digits come back from the float round
        # gives unchanged, so both ways write the same digits (tests/problems/test_numbers.py).
        text = _ALTERNATE_G[sig] % x
        if text[-1] != ".":
            return text
        if text[-2] != "0":  # a whole number of sig digits: 1336
            return text[:-1]
        return _EXPONENT[sig] % x  # 1.230e+03, not 1230 (its 0 is a digit)
    r = round_sig(x, sig)
    if r == 0:
        return "0"
    if 1e-4 <= abs(r) < 10.0**sig:
        decimals = max(0, sig - 1 - math.floor(math.log10(abs(r))))
        text = f"{r:.{decimals}f}"
        if decimals or not text.endswith("0"):
            return text
    return f"{r:.{sig - 1}e}"  # 1.3360×10⁴: its last 0 is a digit, not a placeholder


def answer_exact(x: float) -> bool:
    """Whether the Answers line shows an answer's entry exactly: a short decimal, never
    one only "written to the last bit" (answers are rounded to 12 significant digits, so
    every one would be)."""
    return short_decimal(x, written=False) is not None


def is_exact(x: float) -> bool:
    """True when :func:`num` shows x exactly."""
    return _is_exact(float(x))


@lru_cache(maxsize=4096)
def _is_exact(x: float) -> bool:
    return short_decimal(x) is not None


def all_exact(values: list[float]) -> bool:
    """True when :func:`num` shows every one of ``values`` (plain floats) exactly."""
    return all(map(_is_exact, values))


def num(x: float, sig: int = SIG, written: bool = True) -> M:
    """A number: exact when it is a short decimal, else rounded to ``sig`` digits."""
    return _num(float(x), sig, written)


@lru_cache(maxsize=4096)
def _num(x: float, sig: int, written: bool = True) -> M:
    return _written(plain(x, sig, written))


def _written(s: str) -> M:
    """An ASCII number (``-1.5``, ``5.156e-16``) in both notations."""
    if "e" in s:
        mant, exp = s.split("e")
        e = int(exp)
        text = f"{mant}×10{superscript(e)}"
        return M(text.replace("-", MINUS), rf"{mant} \times 10^{{{e}}}")
    return M(s.replace("-", MINUS), s)


def pnum(x: float, sig: int = SIG) -> M:
    """A number in parentheses when negative, for use as a factor: ``0.5·(−2)``."""
    return _pnum(float(x), sig)


@lru_cache(maxsize=4096)
def _pnum(x: float, sig: int = SIG) -> M:
    n = num(x, sig)
    return cat("(", n, ")") if n.latex.startswith("-") else n


def rel(x: float) -> M:
    """``=`` when the value is shown exactly, ``≈`` when it is rounded."""
    return EQ if is_exact(x) else APPROX


def value(x: float) -> M:
    """`` = 0.25`` or `` ≈ 0.1736``."""
    return _value(float(x))


@lru_cache(maxsize=4096)
def _value(x: float) -> M:
    return rel(x) + num(x)


def computed_num(x: float, sig: int = SIG) -> M:
    """A value computed with exp (a softmax sum, a probability), which is a short decimal
    only by luck: shown exactly only when it is that decimal to the last bit (the sum
    1.000000000000128 is not 1), and a tiny one as itself (5.156×10⁻¹⁶, not 0)."""
    return _written(computed_text(x, sig))


def computed_text(x: float, sig: int = SIG) -> str:
    """The ASCII form :func:`computed_num` shows."""
    return _computed_text(float(x), sig)


@lru_cache(maxsize=8192)  # a softmax's digits are tried several times
def _computed_text(x: float, sig: int) -> str:
    return plain(x, sig) if bit_exact(x) else _rounded_text(x, sig)


def computed_value(x: float, sig: int = SIG) -> M:
    """`` = x`` or `` ≈ x`` for a value computed with exp (see :func:`computed_num`)."""
    return (EQ if bit_exact(float(x)) else APPROX) + computed_num(x, sig)


def bit_exact(x: float) -> bool:
    """True when x is the short decimal :func:`num` shows, to the last bit."""
    s = short_decimal(x)
    return s is not None and float(s) == x


def exp(x: float, sig: int = SIG) -> M:
    """e raised to a number: e^{−1.56}, never e^{--1.56}."""
    return _exp(float(x), sig)


@lru_cache(maxsize=1024)
def _exp(x: float, sig: int = SIG) -> M:
    n = num(x, sig)
    return M("e^" + (n.text if x >= 0 and len(n.text) == 1 else f"({n.text})"), f"e^{{{n.latex}}}")


# ---------------------------------------------------------------- sums


def signed_sum(terms: Sequence[tuple[float, M | None]], sig: int = SIG) -> M:
    """``c1·t1 + c2·t2 + …`` written with clean signs.

    Each term is ``(coefficient, factor)``: a ``None`` factor makes the term the bare
    coefficient. A negative coefficient turns ``+`` into ``−``, and a negative factor
    value must already be parenthesised by the caller (see :func:`pnum`).
    """
    return cat(*signed_pieces(terms, sig))


def signed_pieces(terms: Sequence[tuple[float, M | None]], sig: int = SIG) -> list[M]:
    """The pieces of :func:`signed_sum`, to go into a longer line with a single cat."""
    pieces: list[M] = []
    for coef, factor in terms:
        if not pieces:
            if not (coef >= 0 or num(coef).latex == "0"):
                pieces.append(NEG)
        else:
            pieces.append(SUB if coef < 0 and num(coef).latex != "0" else PLUS)
        pieces.append(num(abs(coef), sig))
        if factor is not None:
            pieces += [TIMES, factor]
    return pieces or [num(0)]


def one_minus(p: float, sig: int = SIG) -> M:
    """``1 − p`` for a probability p (``1 − 0`` too, which a signed sum writes ``1 + 0``)."""
    return cat(num(1), SUB, num(p, sig))


def dot_terms(ws: Sequence[float], xs: Sequence[float], bias: float | None = None) -> M:
    """``w1·x1 + w2·x2 + b`` with numbers: ``0.5·1 − 2·(−1) + 0.1``."""
    return cat(*dot_pieces(ws, xs, bias))


def dot_pieces(
    ws: Sequence[float], xs: Sequence[float], bias: float | None = None, sig: int = SIG
) -> list[M]:
    """The pieces of :func:`dot_terms`, to go into a longer line with a single cat; the
    x are shown to ``sig`` significant digits (unless they are short decimals)."""
    terms: list[tuple[float, M | None]] = [(w, pnum(x, sig)) for w, x in zip(ws, xs)]
    if bias is not None:
        terms.append((bias, None))
    return signed_pieces(terms)
