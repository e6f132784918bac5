"""Where a network's edge labels go: on its own edge, at the point along it where a
label overlaps no unit, note, heading or other label, stays clear of every other edge
(so that no reader takes it for another edge's: never at a crossing) and crosses the
fewest other edges (NumPy tries every place of every label at once)."""

from __future__ import annotations

import math

import numpy as np

from .layout import ASCENT, DESCENT, Box
from .svg import SIZE

ELLIPSIS = "⋮"
GAP = 2.0  # the least room between two boxes
INSET = 1.0  # another edge clipping a label's corner by this much is no crossing
TS = tuple(round(0.15 + 0.035 * k, 3) for k in range(21))  # where along its edge a label sits
PREFER = 0.35  # nearer its source than its target: the labels of a unit fan out together
CLEAR = 8.0  # a label's middle at least this far from every other edge (px) ...
NEAR = 100  # ... else each px short counts as NEAR / CLEAR crossings (at a crossing, NEAR)


def segment(xs, ys, k: int, i: int, j: int):
    """The centres an edge joins: unit j of layer k to unit i of layer k + 1."""
    return (xs[k], ys[k][j]), (xs[k + 1], ys[k + 1][i])


def place_labels(
    xs, ys, units, labelled, edge_w, fixed, bound: float = math.inf
) -> tuple[list, float, list[int]] | None:
    """Where each labelled edge's label goes (its middle), how many other edges the
    labels cross in all, and each label's place (its index in TS); None when a label
    finds no room, or when the labels cannot cost less than ``bound`` (each at its
    cheapest free place: a layout that cannot beat the best one found is not worked
    out).

    Hard: no overlap with a unit, note, heading or another label. Soft: the label's
    middle CLEAR of every other edge (or as near to that as it gets: each px short costs
    NEAR / CLEAR crossings; a label at a crossing is ambiguous), cross as few
    other edges as possible, then stay near the middle of its own edge. The edges with
    the fewest good places choose first. (NumPy tries every place of every label at once.)
    """
    if not labelled:
        return [], 0, []
    drawn = _all(xs, ys, units)
    ends = np.array([segment(xs, ys, *e) for e in drawn], dtype=float)  # (E, 2, 2)
    mine = np.array([drawn.index(e) for e in labelled])
    p, d = ends[mine, 0], ends[mine, 1] - ends[mine, 0]  # (L, 2)
    middle = p[:, None, :] + _T[None, :, None] * d[:, None, :]  # (L, T, 2)
    h = (ASCENT + DESCENT) * SIZE
    half = np.array([edge_w / 2, h / 2])
    lo, hi = middle - half, middle + half  # the label boxes, (L, T, 2)
    blocked = _overlaps(lo, hi, fixed)
    crossings = _crossings(lo + INSET, hi - INSET, ends)  # (L, T, E)
    crossings[np.arange(len(mine)), :, mine] = 0  # its own edge
    count = crossings.sum(axis=2) + NEAR / CLEAR * _shortfall(middle, ends, mine)
    if blocked.all(axis=1).any():
        return None  # a label with no place free of units, notes and headings
    if bound < math.inf and np.where(blocked, np.inf, count).min(axis=1).sum() >= bound + 1e-9:
        return None  # cannot beat ``bound``, wherever the labels go
    off = np.abs(_T - PREFER)
    # plain Python from here: indexing NumPy one number at a time is slow
    counts = count.tolist()
    corners = np.concatenate([lo, hi], axis=2)  # (L, T, 4): x0, y0, x1, y1
    boxes = corners.tolist()  # the same as lists [x0, y0, x1, y1]
    options, places = {}, {}
    for n, edge in enumerate(labelled):
        free = np.flatnonzero(~blocked[n])
        order = free[np.lexsort((off[free], count[n, free]))]
        places[edge] = corners[n, order]  # (choices, 4), in the order of options[edge]
        options[edge] = [(counts[n][t], t, boxes[n][t]) for t in order.tolist()]
    # the edges with the fewest places free of units, notes and headings choose first
    ranked = sorted(labelled, key=lambda e: (len(options[e]), options[e][0][0]))
    taken: dict[tuple, tuple] = {}  # edge: (crossings, place along it, box)
    for edge in ranked:
        choice = _first_free_of(options[edge], places[edge], taken) or _make_room(
            edge, options, taken
        )
        if choice is None:
            return None
        taken[edge] = choice
    mids, ts = middle.tolist(), [taken[e][1] for e in labelled]
    return [tuple(mids[n][t]) for n, t in enumerate(ts)], sum(c[0] for c in taken.values()), ts


def at(xs, ys, labelled, ts) -> list[tuple[float, float]]:
    """The middles of labels on the ``labelled`` edges at places ``ts`` (indices into
    TS) along them: what :func:`place_labels` computes for those places (the same
    operations on the same floats)."""
    out = []
    for (k, i, j), t in zip(labelled, ts):
        (x0, y0), (x1, y1) = segment(xs, ys, k, i, j)
        out.append((x0 + TS[t] * (x1 - x0), y0 + TS[t] * (y1 - y0)))
    return out


def shortfall(xs, ys, units, labelled, anchors) -> float:
    """How much nearer than CLEAR to another edge the nearest of ``anchors`` (the
    labels' middles on the ``labelled`` edges) is, in px (0 when all are clear)."""
    if not labelled:
        return 0.0
    drawn = _all(xs, ys, units)
    ends = np.array([segment(xs, ys, *e) for e in drawn], dtype=float)
    mine = np.array([drawn.index(e) for e in labelled])
    return float(_shortfall(np.array(anchors, dtype=float)[:, None, :], ends, mine).max())


def _all(xs, ys, units) -> list[tuple[int, int, int]]:
    """The edges drawn: between two units not elided."""
    return [
        (k, i, j)
        for k in range(len(xs) - 1)
        for i in range(len(ys[k + 1]))
        for j in range(len(ys[k]))
        if units[k][j] != ELLIPSIS and units[k + 1][i] != ELLIPSIS
    ]


def _first_free_of(choices, places: np.ndarray, taken: dict):
    """:func:`_first_free` with no label skipped, every choice tested at once
    (``places``: the choices' boxes as rows x0, y0, x1, y1)."""
    if not taken:
        return choices[0]
    other = np.array([c[2] for c in taken.values()])  # (K, 4)
    a, b = places[:, None, :], other[None, :, :]
    hit = (
        (a[..., 0] < b[..., 2] + GAP)
        & (b[..., 0] < a[..., 2] + GAP)
        & (a[..., 1] < b[..., 3] + GAP)
        & (b[..., 1] < a[..., 3] + GAP)
    ).any(axis=1)
    free = np.flatnonzero(~hit)
    return choices[int(free[0])] if free.size else None


def _touch(a, b) -> bool:
    """Whether boxes ``a`` and ``b`` ([x0, y0, x1, y1]) come nearer than GAP (as
    :meth:`.Box.overlaps` with GAP)."""
    return a[0] < b[2] + GAP and b[0] < a[2] + GAP and a[1] < b[3] + GAP and b[1] < a[3] + GAP


def _first_free(choices, taken: dict, skip=None):
    """The first of ``choices`` whose box overlaps no label taken (but ``skip``'s)."""
    for choice in choices:
        box = choice[2]
        if not any(_touch(box, c[2]) for e, c in taken.items() if e != skip):
            return choice
    return None


def _make_room(edge, options, taken: dict):
    """A place for ``edge`` that one label taken blocks, that label moved elsewhere."""
    for choice in options[edge]:
        box = choice[2]
        blockers = [e for e, c in taken.items() if _touch(box, c[2])]
        if len(blockers) != 1:
            continue
        (other,) = blockers
        rest = {e: c for e, c in taken.items() if e != other}
        rest[edge] = choice
        moved = _first_free(options[other], rest)
        if moved is not None:
            taken[other] = moved
            return choice
    return None


_T = np.array(TS)


def _overlaps(lo: np.ndarray, hi: np.ndarray, boxes: list[Box]) -> np.ndarray:
    """For boxes ``lo``–``hi`` (…, 2): whether each overlaps any of ``boxes``."""
    if not boxes:
        return np.zeros(lo.shape[:-1], dtype=bool)
    b = np.array([tuple(x)[:4] for x in boxes], dtype=float)  # (B, 4)
    lo_, hi_ = lo[..., None, :], hi[..., None, :]
    return (
        (lo_[..., 0] < b[:, 2] + GAP)
        & (b[:, 0] < hi_[..., 0] + GAP)
        & (lo_[..., 1] < b[:, 3] + GAP)
        & (b[:, 1] < hi_[..., 1] + GAP)
    ).any(axis=-1)


def _shortfall(middle: np.ndarray, ends: np.ndarray, mine: np.ndarray) -> np.ndarray:
    """For label middles (L, T, 2) on edges ``mine`` (L,) of ``ends`` (E, 2, 2): how much
    nearer than CLEAR each is to the nearest edge not its own (L, T; 0 when clear)."""
    p, d = ends[:, 0], ends[:, 1] - ends[:, 0]  # (E, 2)
    rel = middle[..., None, :] - p  # (L, T, E, 2)
    t = np.clip((rel * d).sum(-1) / (d * d).sum(-1), 0.0, 1.0)  # (L, T, E)
    gap = np.hypot(*np.moveaxis(rel - t[..., None] * d, -1, 0))
    gap[np.arange(len(mine)), :, mine] = np.inf  # its own edge
    return np.maximum(CLEAR - gap.min(axis=-1), 0.0)


def _crossings(lo: np.ndarray, hi: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """For boxes ``lo``–``hi`` (L, T, 2) and segments ``ends`` (E, 2, 2): whether each
    segment passes through each box (L, T, E), by Liang–Barsky clipping."""
    p, d = ends[:, 0], ends[:, 1] - ends[:, 0]  # (E, 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        a = (lo[..., None, :] - p) / d  # (L, T, E, 2)
        b = (hi[..., None, :] - p) / d
    near, far = np.minimum(a, b), np.maximum(a, b)
    flat = d == 0  # a segment parallel to an axis: inside that slab or not at all
    inside = (lo[..., None, :] <= p) & (p <= hi[..., None, :])
    near = np.where(flat, np.where(inside, -np.inf, np.inf), near)
    far = np.where(flat, np.where(inside, np.inf, -np.inf), far)
    start = np.maximum(near.max(axis=-1), 0.0)
    stop = np.minimum(far.min(axis=-1), 1.0)
    return (start <= stop).astype(int)
