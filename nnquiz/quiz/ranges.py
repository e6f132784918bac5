"""Numbers as Canvas compares them: a numerical answer's range (4 decimal places) and
the texts a fill-in-the-blank accepts (3 or 4 significant digits).

A numerical answer keeps 4 decimal places, so the tolerance's range [a − t, a + t] is
widened outward to them (by less than 0.0001 a side); a tolerance below 0.0001 on a
value with more decimals cannot be held that way. A blank compares text, so it is
given the numbers a student may type: every number of 3 significant digits within the
tolerance and the MAX_TEXTS nearest of 4.
"""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from ..problems.model import Tol
from .variants import half_width

PLACES = Decimal("0.0001")  # Canvas keeps 4 decimal places of a numerical answer
MAX_TEXTS = 24  # numbers of 4 digits a blank accepts at most (the nearest to the answer)


def canvas_range(value: float, tol: Tol) -> tuple[Decimal, Decimal] | None:
    """The range Canvas accepts: the tolerance's, widened outward to 4 decimals; None
    when 4 decimals cannot hold it (a tolerance below 0.0001 on a value with more
    decimals)."""
    t = half_width(value, tol)
    lo = Decimal(repr(value - t)).quantize(PLACES, rounding=ROUND_FLOOR)
    hi = Decimal(repr(value + t)).quantize(PLACES, rounding=ROUND_CEILING)
    if t >= 1e-4 or (lo == hi == Decimal(repr(value))):
        return lo, hi
    return None


def texts(value: float, tol: Tol) -> list[str]:
    """Every number of 3 significant digits within the tolerance of ``value`` and the
    MAX_TEXTS nearest of 4, nearest first, written as a student would (``0.12`` and
    ``0.1200``)."""
    t = half_width(value, tol)
    target = Decimal(repr(value))
    if t == 0 or value == int(value) and t < 0.5:
        return [plain(target.normalize())]
    lo, hi = Decimal(repr(value - t)), Decimal(repr(value + t))
    three: dict[tuple[int, int], None] = {}
    four: dict[tuple[int, int], None] = {}
    for found, digits in ((three, 3), (four, 4)):
        for edge in (lo, hi, target):
            if edge != 0:
                _grid(found, lo, hi, edge.adjusted(), digits, target)
    if lo <= 0 <= hi:
        three[(0, 0)] = None

    def distance(n: tuple[int, int]) -> float:
        return abs(n[0] * 10.0 ** n[1] - value)

    near = sorted(four, key=distance)[:MAX_TEXTS]
    chosen = sorted({*three, *near}, key=distance)
    return list(dict.fromkeys(s for k, exp in chosen for s in _forms(k, exp)))


def _grid(found: dict, lo: Decimal, hi: Decimal, e: int, digits: int, near: Decimal) -> None:
    """Add to ``found`` the numbers of ``digits`` significant digits with leading power
    of ten ``e`` in [lo, hi], at most MAX_TEXTS either side of ``near``, each as
    (k, exp) for k·10^exp with no trailing zero in k."""
    exp = e - digits + 1
    step = Decimal(1).scaleb(exp)
    middle = int((near / step).to_integral_value())
    first = max(int((lo / step).to_integral_value(ROUND_CEILING)), middle - MAX_TEXTS)
    last = min(int((hi / step).to_integral_value(ROUND_FLOOR)), middle + MAX_TEXTS)
    smallest, past = 10 ** (digits - 1), 10**digits
    for k in range(first, last + 1):
        if k and smallest <= abs(k) < past:
            found[_lowest(k, exp)] = None


def _lowest(k: int, exp: int) -> tuple[int, int]:
    """k·10^exp with the trailing zeros of k moved into the exponent."""
    while k % 10 == 0:
        k //= 10
        exp += 1
    return k, exp


def _forms(k: int, exp: int) -> list[str]:
    """k·10^exp as ``0.12`` and ``0.1200`` (4 significant digits); below 0.001 also
    ``1.2e-7``."""
    if k == 0:
        return ["0"]
    width = len(str(abs(k)))
    out = [_digits(k, exp)]
    if width < 4:
        out.append(_digits(k * 10 ** (4 - width), exp - (4 - width)))
    lead = exp + width - 1  # the power of ten of the leading digit
    if lead < -3:
        s = str(abs(k))
        mantissa = s[0] + ("." + s[1:] if width > 1 else "")
        out.append(f"{'-' if k < 0 else ''}{mantissa}e{lead}")
    return out


def _digits(k: int, exp: int) -> str:
    """k·10^exp in plain digits: (1234, -4) is ``0.1234``, (12, 2) is ``1200``."""
    sign, s = ("-" if k < 0 else ""), str(abs(k))
    if exp >= 0:
        return sign + s + "0" * exp
    s = s.rjust(1 - exp, "0")
    return f"{sign}{s[:exp]}.{s[exp:]}"


def plain(d: Decimal) -> str:
    """A decimal as plain digits (never an exponent)."""
    return format(d, "f")


def is_text_held(value: float, tol: Tol) -> bool:
    """Whether a blank can hold the number: the number rounded to 4 significant digits
    is within its tolerance."""
    found = texts(value, tol)
    return bool(found) and abs(float(found[0]) - value) <= half_width(value, tol) * (1 + 1e-12)
