"""The shortcuts a plane is drawn by write what the plain way writes: coordinates from
a table of tenths (svg.num's text), a label placed as layout.place_text places it, a frame
kept and reused the same as one drawn anew."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nnquiz.figures import plane, planeaxes, planelabels, svg
from nnquiz.figures.layout import Box, place_text
from nnquiz.problems import registry

_legend = plane._legend

coordinate = st.one_of(
    st.floats(-99_999.9, 99_999.9, allow_nan=False),
    st.integers(-1_999_998, 1_999_998).map(lambda n: n / 20),  # halves of tenths
    st.integers(-40_000, 40_000).map(lambda n: n / 100),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(coordinate, max_size=24))
def test_coordinates_written_from_the_table_are_written_as_num_writes_them(values):
    values += [0.05, 0.15, 0.25, 0.35, -0.05, -0.25, -0.35, 12.25, -0.04, 499.95, 500.0]
    assert planeaxes.written(values) == list(map(svg.num, values))


box = st.tuples(st.floats(0, 340), st.floats(0, 340), st.floats(1, 80), st.floats(1, 30)).map(
    lambda b: Box(b[0], b[1], b[0] + b[2], b[1] + b[3])
)


@settings(max_examples=300, deadline=None)
@given(
    st.floats(0, 340),
    st.floats(0, 340),
    st.sampled_from(["θ", "P", "(−0.5, 1)", "θ (new)", "(2.25, −10)", "x_adv"]),
    st.booleans(),
    st.lists(box, max_size=30),
    st.tuples(st.floats(-20, 60), st.floats(280, 360), st.floats(-20, 60), st.floats(250, 400)),
)
def test_a_label_goes_where_place_text_would_put_it(x, y, label, far, boxes, room):
    """Among the same boxes; those outside the axes' rectangle (``outer``) tested only
    when a place may reach out of it."""
    room = Box(room[0], room[2], room[1], room[3])
    around = planelabels._FARTHER if far else planelabels._AROUND
    expected = place_text(x, y, label, around, boxes, room)
    everywhere = (-math.inf, -math.inf, math.inf, math.inf)
    assert (
        planelabels._place(x, y, label, far, planelabels._Taken(tuple, boxes, everywhere), room)
        == expected
    )
    area = (60.0, 60.0, 280.0, 280.0)
    outside = [b for b in boxes if b.x1 <= 60 or b.x0 >= 280 or b.y1 <= 60 or b.y0 >= 280]
    inside = [b for b in boxes if b not in outside]
    taken = planelabels._Taken(lambda: outside, inside, area)
    assert planelabels._place(x, y, label, far, taken, room) == place_text(
        x, y, label, around, outside + inside, room
    )


@pytest.mark.parametrize("family", ["perceptron", "separable"])
def test_the_boxes_kept_outside_the_axes_are_outside_them(family, monkeypatch):
    """The legend's and the ticks' numbers never reach into the axes' rectangle, which is
    what lets a label inside it skip them."""
    drawn = []

    def frame(*args):
        drawn.append(planeaxes.frame(*args))
        return drawn[-1]

    monkeypatch.setattr(plane, "frame", frame)
    legends = []
    monkeypatch.setattr(plane, "_legend", lambda s: legends.append(_legend(s)) or legends[-1])
    for difficulty in ("easy", "medium", "hard"):
        for seed in range(30):
            assert registry.generate(family, seed, difficulty).figures is not None
    assert drawn and len(legends) == len(drawn)
    for framed, (_, boxes, _) in zip(drawn, legends):
        x0, y0, x1, y1 = framed.area
        for b in boxes + framed.boxes:
            assert b.x1 <= x0 or b.x0 >= x1 or b.y1 <= y0 or b.y0 >= y1, (b, framed.area)


def test_a_kept_frame_is_the_frame_drawn_anew():
    """Frames, and their x and y parts, are kept; a drawing made with all of them kept
    and one made with none are the same bytes and boxes."""
    scene = plane.Scene(
        ((0.5, -1.5), (2.0, 1.0), (-1.0, 0.5)),
        (1, -1, 1),
        (plane.Line((1.0, -2.0), 0.5, "boundary θ·x + b = 0", "6 4"),),
        flagged=(1,),
        arrows=(plane.Arrow((0.0, 0.0), (1.0, -2.0), "θ"),),
        tags=("(0.5, −1.5)", "(2, 1)", "(−1, 0.5)"),
    )
    kept = plane.draw(scene), plane.draw(scene)
    for cached in (planeaxes._framed, planeaxes._columns, planeaxes._rows, planelabels._shifts):
        cached.cache_clear()
    anew = plane.draw(scene)
    assert len({(d.body, d.height, d.boxes) for d in (*kept, anew)}) == 1


grid = st.one_of(st.integers(-8, 8).map(lambda n: n / 2), st.floats(-1e6, 1e6, allow_nan=False))


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(grid, grid, st.sampled_from([1, -1])), min_size=1, max_size=8),
    st.tuples(grid, grid),
    grid,
)
def test_the_points_boxed_are_those_the_candidate_gets_wrong(points, theta, b):
    """As separable counts its errors (NumPy, to 1e-9), on the grid and off it; a point on
    the line among them."""
    import numpy as np

    from nnquiz.problems.scenes import _misclassified

    pts = [(p, q) for p, q, _ in points]
    labels = [y for _, _, y in points]
    if theta[1]:
        pts.append((1.0, -(theta[0] + b) / theta[1]))
        labels.append(1)
    m = np.asarray(labels) * (np.asarray(pts) @ np.asarray(theta, dtype=float) + float(b))
    expected = tuple(int(k) for k in np.flatnonzero(np.round(m, 9) <= 0))
    assert _misclassified(tuple(pts), tuple(labels), theta, b) == expected
