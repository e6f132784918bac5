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
    three: dict[Decimal, None] = {}
    four: dict[Decimal, None] = {}
    for found, digits in ((three, 3), (four, 4)):
        for edge in (lo, hi, target):
            if edge != 0:
                _grid(found, lo, hi, edge.adjusted(), digits, target)
    if lo <= 0 <= hi:
        three[Decimal(0)] = None
    near = sorted(four, key=lambda v: abs(v - target))[:MAX_TEXTS]
    chosen = sorted({*three, *near}, key=lambda v: abs(v - target))
    return list(dict.fromkeys(s for v in chosen for s in _forms(v)))


def _grid(found: dict, lo: Decimal, hi: Decimal, e: int, digits: int, near: Decimal) -> None:
    """Add to ``found`` the numbers of ``digits`` significant digits with leading power
    of ten ``e`` in [lo, hi], at most MAX_TEXTS either side of ``near``."""
    step = Decimal(1).scaleb(e - digits + 1)
    first = max(
        (lo / step).to_integral_value(ROUND_CEILING), (near / step).to_integral_value() - MAX_TEXTS
    )
    last = min(
        (hi / step).to_integral_value(ROUND_FLOOR), (near / step).to_integral_value() + MAX_TEXTS
    )
    for k in range(int(first), int(last) + 1):
        v = k * step
        if v == 0 or v.adjusted() == e:
            found[v.normalize()] = None


def _forms(v: Decimal) -> list[str]:
    """``0.12`` and ``0.1200`` (4 significant digits); below 0.001 also ``1.2e-7``."""
    if v == 0:
        return ["0"]
    e = v.adjusted()
    four = v.quantize(Decimal(1).scaleb(e - 3))
    out = [plain(v), plain(four)]
    if abs(v) < Decimal("0.001"):
        out.append(f"{plain(v.scaleb(-e))}e{e}")
    return out


def plain(d: Decimal) -> str:
    """A decimal as plain digits (never an exponent)."""
    return format(d, "f")


def is_text_held(value: float, tol: Tol) -> bool:
    """Whether a blank can hold the number: the number rounded to 4 significant digits
    is within its tolerance."""
    found = texts(value, tol)
    return bool(found) and abs(float(found[0]) - value) <= half_width(value, tol) * (1 + 1e-12)
