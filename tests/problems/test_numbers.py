"""Numbers are written as they always were, by the fast paths too (the same bytes).

``_rounded_text`` lets the C formatter round (``%#.Ng``) where the digits cannot differ
from rounding with ``round`` and then writing the rounded float: the reference below
is the plain way, and every value either way must give the same text.
"""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from nnquiz.problems.notation import numbers


def reference(x: float, sig: int) -> str:
    """``x`` to ``sig`` significant digits, rounded by ``round_sig`` and then written."""
    r = numbers.round_sig(x, sig)
    if r == 0:
        return "0"
    if 1e-4 <= abs(r) < 10.0**sig:
        decimals = max(0, sig - 1 - math.floor(math.log10(abs(r))))
        text = f"{r:.{decimals}f}"
        if decimals or not text.endswith("0"):
            return text
    return f"{r:.{sig - 1}e}"


def _edges() -> list[float]:
    """Values at the edges: every 4-digit mantissa at powers of 10 from 1e-6 to 1e6, a
    half unit either side (ties), and the floats just next to them."""
    out = []
    for e in range(-9, 4):
        for m in range(1000, 10000, 13):
            for v in (m * 10.0**e, (m + 0.5) * 10.0**e):
                out += [v, -v, math.nextafter(v, 0), math.nextafter(v, math.inf)]
    return out + [0.0, -0.0, math.inf, -math.inf, math.nan, 5e-324, 1e-300, 1e299]


EDGES = _edges()


def test_edges_are_written_as_before():
    for sig in (2, 4, 5, 15, 16):
        for x in EDGES:
            assert numbers._rounded_text(x, sig) == reference(x, sig), (x, sig)


@settings(max_examples=3000, deadline=None)
@given(
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e299, max_value=1e299),
    st.integers(min_value=2, max_value=17),
)
def test_any_value_is_written_as_before(x, sig):
    assert numbers._rounded_text(x, sig) == reference(x, sig)
