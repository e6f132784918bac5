"""Exact linear separability of labelled points in the plane (pure Python fractions).

Two finite classes are strictly separable by a line exactly when their convex hulls do
not meet. By Gordan's theorem that is when 0 is not a convex combination of the
differences x⁺ − x⁻ (one point from each class), and by Carathéodory at most three
differences are needed to show it is. :func:`certificate` finds such a combination,
which names a point lying in both hulls; :func:`separating_line` finds a line when there
is one, the widest (maximum margin, or nearly, with small whole-number weights).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import combinations
from math import gcd, hypot

# Truth tables on the points (0, 0), (0, 1), (1, 0), (1, 1); true is the +1 class.
BOOLEAN = {
    "AND": (False, False, False, True),
    "OR": (False, True, True, True),
    "NAND": (True, True, True, False),
    "NOR": (True, False, False, False),
    "x₁ AND NOT x₂": (False, False, True, False),
    "NOT x₁ AND x₂": (False, True, False, False),
    "XOR": (False, True, True, False),
    "XNOR": (True, False, False, True),
}
Vec = tuple[int, int]


@dataclass(frozen=True)
class Certificate:
    """``point`` = Σ pos[i]·x_i = Σ neg[j]·x_j, each set of weights positive, summing to 1."""

    point: tuple[Fraction, Fraction]
    pos: dict[int, Fraction]
    neg: dict[int, Fraction]


def _scaled(points: Sequence[Sequence[float]]) -> tuple[list[Vec], int]:
    """The points times a power of ten that makes every coordinate a whole number.

    Exact for short decimals (their shortest repr has few digits after the point), and
    integer arithmetic is many times faster than Fraction's.
    """
    decimals = 0
    for p in points:
        for v in p[:2]:
            text = repr(float(v))
            if "e" in text:  # too small or large for a short decimal: fall back to Fraction
                decimals = max(decimals, 12)
            elif "." in text:
                decimals = max(decimals, len(text.split(".")[1].rstrip("0")))
    scale = 10**decimals

    def whole(v: float) -> int:
        if decimals <= 6:
            return round(float(v) * scale)
        return round(Fraction(repr(float(v))) * scale)

    return [(whole(p[0]), whole(p[1])) for p in points], scale


def _cross(a: Vec, b: Vec) -> int:
    return a[0] * b[1] - a[1] * b[0]


def _dot(a: Vec, b: Vec) -> int:
    return a[0] * b[0] + a[1] * b[1]


def _make(pts: list[Vec], scale: int, terms: list[tuple[Fraction, int, int]]) -> Certificate:
    pos: dict[int, Fraction] = {}
    neg: dict[int, Fraction] = {}
    for lam, i, j in terms:
        pos[i] = pos.get(i, Fraction(0)) + lam
        neg[j] = neg.get(j, Fraction(0)) + lam
    x = sum(w * pts[i][0] for i, w in pos.items()) / scale
    y = sum(w * pts[i][1] for i, w in pos.items()) / scale
    return Certificate((Fraction(x), Fraction(y)), pos, neg)


def certificate(points: Sequence[Sequence[float]], labels: Sequence[int]) -> Certificate | None:
    """None when the classes are strictly separable, else a point in both convex hulls."""
    pts, scale = _scaled(points)
    diffs = [
        (i, j, (pts[i][0] - pts[j][0], pts[i][1] - pts[j][1]))
        for i, yi in enumerate(labels)
        if yi == 1
        for j, yj in enumerate(labels)
        if yj != 1
    ]
    for i, j, d in diffs:
        if d == (0, 0):
            return _make(pts, scale, [(Fraction(1), i, j)])
    for (i1, j1, d1), (i2, j2, d2) in combinations(diffs, 2):
        if _cross(d1, d2) == 0 and _dot(d1, d2) < 0:
            c = Fraction(-_dot(d1, d2), _dot(d1, d1))  # d2 = −c·d1
            lam = c / (1 + c)
            return _make(pts, scale, [(lam, i1, j1), (1 - lam, i2, j2)])
    for a, b, c in combinations(diffs, 3):
        ws = [_cross(b[2], c[2]), _cross(c[2], a[2]), _cross(a[2], b[2])]
        if all(w > 0 for w in ws) or all(w < 0 for w in ws):
            total = sum(ws)
            terms = [(Fraction(w, total), t[0], t[1]) for w, t in zip(ws, (a, b, c))]
            return _make(pts, scale, terms)
    return None


def _nice_between(lo: Fraction, hi: Fraction) -> Fraction:
    """A short number between lo and hi, within a tenth of their distance of the middle
    (a line there stays well clear of both sides); the middle itself when none is."""
    mid, slack = (lo + hi) / 2, (hi - lo) / 10
    for step in (Fraction(1), Fraction(1, 2), Fraction(1, 4), Fraction(1, 10), Fraction(1, 20)):
        cand = round(mid / step) * step
        if abs(cand - mid) <= slack:
            return cand
    return mid


def _candidates(pts: list[Vec], labels: Sequence[int]):
    """Directions θ to try: small whole numbers first, then each difference x⁺ − x⁻ and
    the normals to the sides between two points (in the plane the widest line's θ is one
    of these: it is set by a pair of points, one a side, or by a side of one class)."""
    small = [(a, b) for a in range(-2, 3) for b in range(-2, 3) if a or b]
    yield from sorted(small, key=lambda w: (abs(w[0]) + abs(w[1]), -w[0], -w[1]))
    diffs = [
        (p[0] - q[0], p[1] - q[1])
        for p, yp in zip(pts, labels)
        if yp == 1
        for q, yq in zip(pts, labels)
        if yq != 1
    ]
    sides = [(p[0] - q[0], p[1] - q[1]) for p, q in combinations(pts, 2)]
    normals = [n for d in diffs + sides for n in ((-d[1], d[0]), (d[1], -d[0]))]
    yield from diffs
    yield from normals
    yield None  # the widest line's θ is among those above: the rest only when none was
    for u, v in combinations(normals[: 2 * len(diffs)], 2):
        yield u[0] + v[0], u[1] + v[1]


NEAR_WIDEST = 0.95  # a simpler θ (tried earlier) wins if its margin is this near the widest


def separating_line(
    points: Sequence[Sequence[float]], labels: Sequence[int]
) -> tuple[list[float], float] | None:
    """(θ, b) with y(θ·x + b) > 0 for every point, or None when there is no such line.

    Well centred: of the candidate directions (θ reduced to whole numbers with no common
    factor), the one whose line, with b short and near the middle of the gap, stays
    farthest from the nearest point (the maximum-margin line or close to it); a simpler
    θ when its margin is nearly as wide."""
    pts, scale = _scaled(points)
    found: list[tuple[float, Vec, Fraction]] = []  # (margin, θ, b), in the order tried
    seen: set[Vec] = set()
    for w in _candidates(pts, labels):
        if w is None:
            if found:
                break
            continue
        g = gcd(*w)
        if not g or (w := (w[0] // g, w[1] // g)) in seen:
            continue
        seen.add(w)
        pos = [_dot(w, p) for p, y in zip(pts, labels) if y == 1]
        neg = [_dot(w, p) for p, y in zip(pts, labels) if y != 1]
        if min(pos) > max(neg):
            lo, hi = Fraction(-min(pos), scale), Fraction(-max(neg), scale)
            b = _nice_between(lo, hi)
            found.append((float(min(b - lo, hi - b)) / hypot(*w), w, b))
    if not found:
        return None
    widest = max(m for m, _, _ in found)
    _, w, b = next(f for f in found if f[0] >= NEAR_WIDEST * widest)
    return [float(w[0]), float(w[1])], float(b)
