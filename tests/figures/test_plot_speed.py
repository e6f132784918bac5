"""The shortcuts that make plots and chains cheap write what the plain way writes: the
table of tenths, the lazy search for a clear place, the curves tested only near a label,
and the figures kept per what they depend on."""

from __future__ import annotations

import pickle
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nnquiz.figures import functions, plot, plotcurves, plotlevels, plotmarks, svg
from nnquiz.figures.layout import Box, clear_places, place_text, trace
from nnquiz.problems import registry, scenes, schedules
from nnquiz.problems.families import activation_derivative, lr_schedule


@given(st.floats(min_value=-1e4, max_value=1e4, allow_nan=False))
def test_tenths_are_written_as_num_writes_them(x):
    assert svg.tenth_texts([round(x * 10)]) == [svg.num(x)]


def test_tenths_in_and_out_of_the_table():
    xs = [k / 20 for k in range(-200, 12000)] + [k / 10 + 0.05 for k in range(-50, 6000)]
    xs += [-0.04, -0.05, -0.06, 0.05, -0.0, 499.95, 500.0, 1e-12, -1e-12]
    assert svg.tenth_texts([round(x * 10) for x in xs]) == [svg.num(x) for x in xs]


def test_special_says_what_esc_would_change():
    for s in ("0.25", "σ′(z⁽²⁾) ≈ −0.1", "a<b", "it's", "a\\b", "tab\there", "&"):
        assert svg.special(s) == (svg.esc(s) != s)


_OFFSETS = tuple(
    (dx, dy, anchor)
    for dx in (-30, -7, 0, 7, 30)
    for dy in (-12, 4, 14)
    for anchor in ("start", "middle", "end")
)


def _boxes(rng: random.Random, n: int) -> list[Box]:
    out = []
    for _ in range(n):
        x, y = rng.uniform(0, 200), rng.uniform(0, 150)
        out.append(Box(x, y, x + rng.uniform(1, 40), y + rng.uniform(1, 15)))
    return out


@pytest.mark.parametrize("seed", range(40))
def test_the_first_clear_place_is_place_texts_choice(seed):
    rng = random.Random(seed)
    boxes = _boxes(rng, rng.randint(0, 12))
    inside = Box(0, 0, 200, 150) if seed % 2 else None
    x, y = rng.uniform(0, 200), rng.uniform(0, 150)
    k, box, clear = place_text(x, y, "η = 0.125", _OFFSETS, boxes, inside)
    first = next(clear_places(x, y, "η = 0.125", _OFFSETS, boxes, inside), None)
    assert (first is not None) == clear
    if clear:
        assert first == (k, box)


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10**6))
def test_a_curve_crosses_a_box_where_its_trace_does(seed):
    rng = random.Random(seed)
    monotone = seed % 2 == 0
    xs = (
        sorted(rng.uniform(0, 30) for _ in range(30))
        if monotone
        else [rng.uniform(0, 30) for _ in range(30)]
    )
    points = tuple(None if rng.random() < 0.05 else (x, rng.uniform(0, 1)) for x in xs)
    f = plot._Frame(40, 60, 330, 210, plot.nice_axis(0, 30, "t", 6), plot.nice_axis(0, 1, "η"))
    line = plotlevels.line(points, f)
    assert line.monotone == (monotone and None not in points)
    canvas = list(plotlevels._canvas(points, f))
    for box in _boxes(rng, 20):
        plain = any(
            box[0] < t[2] + 1 and t[0] < box[2] + 1 and box[1] < t[3] + 1 and t[1] < box[3] + 1
            for t in trace(canvas)
        )
        assert plotlevels._crosses(line, box) == plain


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10**6))
def test_a_levels_label_goes_where_place_text_puts_it_among_the_traces(seed):
    rng = random.Random(seed)
    x = plot.nice_axis(0, 30, "t", 6, whole=True)
    y = plot.nice_axis(0, 1.0, "η")
    f = plot._Frame(40, 60, 330, 210, x, y)
    points = tuple((t / 2, rng.uniform(0, 1)) for t in range(61))
    level = rng.uniform(0.05, 0.95)
    boxes = _boxes(rng, rng.randint(0, 6))
    near = list(boxes)
    spots = plotlevels.level_spots(f, level)
    traced = [plotlevels.line(points, f)]
    k, box = plotlevels.level_place("τ = 0.25", spots, boxes, near, f, traced, f.py(level))
    band = (f.py(level) - 4 - 1.95 * 12, f.py(level) + 14 + 1.25 * 12)
    crossed = trace(list(plotlevels._canvas(points, f)), band=band)
    inside = Box(f.left, f.top - 2, f.right + 2, f.bottom + 2)
    assert (k, box) == place_text(0, 0, "τ = 0.25", spots, boxes + crossed, inside)[:2]


_CACHES = (
    plot._base,
    plotcurves._path,
    plotlevels.line,
    plotlevels.level_spots,
    plotcurves._xs_before,
    plot._margins,
    plot._rows,
    plot._row_text,
    plotmarks._rules,
    plotmarks._rule,
    plotmarks._level_rule,
    plot._legend_drawn,
    plot._x_ticks,
    plot._y_ticks,
    lr_schedule._figure,
    lr_schedule._frame,
    schedules.curve,
    schedules._smooth,
    activation_derivative._figure,
    scenes._bounds,
)


@pytest.mark.parametrize(
    "family,difficulty",
    [
        ("lr_schedule", "easy"),
        ("lr_schedule", "hard"),
        ("early_stopping", "medium"),
        ("activation_derivative", "easy"),
        ("vanishing", "easy"),
    ],
)
def test_a_figure_kept_is_the_figure_drawn_afresh(family, difficulty):
    fresh = []
    for seed in range(40):
        for cache in _CACHES:
            cache.cache_clear()
        fresh.append([f.svg for f in registry.generate(family, seed, difficulty).figures])
    kept = [[f.svg for f in registry.generate(family, s, difficulty).figures] for s in range(40)]
    kept_again = [registry.generate(family, s, difficulty).figures for s in reversed(range(40))]
    assert kept == fresh
    assert [[f.svg for f in fs] for fs in kept_again[::-1]] == fresh


def test_kept_points_hash_and_pickle_as_the_plain_tuple():
    points = plot.Points([(0.0, 1.0), None, (2.0, 0.5)])
    assert points == tuple(points) and hash(points) == hash(tuple(points))
    again = pickle.loads(pickle.dumps(points))
    assert type(again) is plot.Points and again == points and "hash" not in again.__dict__


@pytest.mark.parametrize("family", ["lr_schedule", "early_stopping", "activation_derivative"])
def test_a_body_drawn_without_its_boxes_is_the_body_drawn_with_them(family, monkeypatch):
    plots = []
    draw = plot.draw
    for module in (plot, functions):
        monkeypatch.setattr(module, "draw", lambda p, *a: plots.append(p) or draw(p, *a))
    for cache in _CACHES:
        cache.cache_clear()
    for difficulty in ("easy", "medium", "hard"):
        for seed in range(25):
            registry.generate(family, seed, difficulty)
    assert plots
    for p in plots:
        height, body, boxes = plot._drawn(p, plot.WIDTH, plot.AREA_HEIGHT, True)
        drawing = draw(p)
        assert (height, body, boxes) == (drawing.height, drawing.body, drawing.boxes)
