"""The figure writer and layout: numbers the same on every machine, text escaped, widths
measured, boxes compared, labels placed on their edges, and one golden SVG per kind."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nnquiz.figures import gallery, network, svg
from nnquiz.figures.layout import Box, hits, overlapping, width, wrap
from nnquiz.problems import registry

from . import reading as r

GOLDEN = Path(__file__).parent / "golden"
# one problem per kind of drawing; their SVG is pinned byte for byte
PINNED = {
    "backprop:hard:7": ("network", "backward"),
    "dropout:v3:3": ("thinned",),
    "separable:v3:hard:4": ("points", "separation"),
    "early_stopping:v2:5": ("losses",),
    "lr_schedule:v3:hard:2": ("rate",),
    "activation_derivative:v2:6": ("activation",),
    "vanishing:hard:8": ("gradients",),
}


@pytest.mark.parametrize(
    "x,text",
    [(0, "0"), (12.04, "12"), (12.06, "12.1"), (-3.16, "-3.2"), (-0.04, "0"), (1e-9, "0")],
)
def test_numbers_are_written_to_a_tenth_the_short_way(x, text):
    assert svg.num(x) == text


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.floats(-99_999.9, 99_999.9, allow_nan=False),
            st.integers(-1_999_998, 1_999_998).map(lambda n: n / 20),  # halves of tenths
            st.integers(-20_000, 20_000).map(lambda n: n / 100),
        ),
        max_size=24,
    )
)
def test_many_numbers_written_by_one_format_are_written_as_num_writes_them(values):
    values += [0.05, 0.15, 0.25, 0.35, -0.05, -0.25, 12.25, -0.04, 99_999.94, -99_999.84]
    tens = svg.tenths(values)
    assert tens is not None
    assert [f"{t:g}" for t in tens] == [svg.num(v) for v in values]
    flat = values[: len(values) // 4 * 4]
    assert svg.segments_of(flat) == svg.segments(
        zip(zip(flat[::4], flat[1::4]), zip(flat[2::4], flat[3::4]))
    )
    it = iter(flat)
    expected = [
        f"M{svg.num(a)} {svg.num(b)}L{svg.num(c)} {svg.num(d)}"
        for a, b, c, d in zip(it, it, it, it)
    ]
    assert svg.segments_of(flat) == "".join(expected)


def test_numbers_too_large_for_one_format_are_written_one_by_one():
    assert svg.tenths([1.0, 99_999.96]) is None
    assert svg.segments_of([0.0, 1.25, 123_456.78, -0.35]) == "M0 1.2L123456.8 -0.4"


def test_text_is_escaped_for_xml():
    out = svg.text(1, 2, "a<b & 'c' \"d\"")
    assert out == "<text x='1' y='2'>a&lt;b &amp; &#39;c&#39; &quot;d&quot;</text>"
    r.parse(svg.wrap(10, 10, "<alt> & 'more'", out))


def test_a_document_scales_down_and_names_itself():
    doc = svg.wrap(340, 100, "A figure", "")
    root = r.parse(doc)
    assert root.get("viewBox") == "0 0 340 100" and root.get("role") == "img"
    assert root.find(r.NS + "title").text == "A figure"
    assert "max-width:100%" in root.get("style") and root.get("fill") == "currentColor"


def test_widths_hold_the_fonts_glyphs():
    assert width("0.5") == pytest.approx(12 * 1.06 * (0.556 * 2 + 0.278))
    assert width("−0.5") > width("0.5") and width("δ") > 0 and width("\u2603") == 12 * 1.06


def test_boxes_overlap_and_segments_hit_them():
    a, b = Box(0, 0, 10, 10), Box(10.5, 0, 20, 10)
    assert not a.overlaps(b) and a.overlaps(b, gap=1)
    assert overlapping([a, Box(5, 5, 15, 15)]) and not overlapping([a, b])
    assert not overlapping([Box(0, 0, 5, 5, "mark"), Box(1, 1, 6, 6, "mark")])  # two points
    assert hits((-5, 5), (15, 5), a) and not hits((-5, 15), (15, 15), a)
    assert hits((5, -5), (5, 20), a) and not hits((11, -5), (11, 20), a)


def test_wrap_breaks_at_spaces():
    lines = wrap(("one two three four five six seven",), width("one two three") + 1)
    assert lines[0] == "one two three" and " ".join(lines) == "one two three four five six seven"


def test_every_edge_label_sits_on_its_own_edge_and_clear_of_the_rest():
    edges = (
        (("1", "2", "3"), ("4", "5", "6"), ("7", "8", "9")),
        (("−1.25", "2", "7"), ("3", "4.5", "−8"), ("5", "6", "0.25")),
    )
    net = network.Net(
        (3, 3, 3),
        (("a", "b", "c"), ("d", "e", "f"), ("g", "h", "i")),
        (("one",), ("two",), ("three",)),
        network.all_edges((3, 3, 3)),
        [s for layer in edges for row in layer for s in row],
    )
    d = network.draw(net)
    assert d is not None and not overlapping(d.boxes)
    root = r.parse(svg.wrap(d.width, d.height, "t", d.body))
    units = r.circles(root, "nnq-units")
    labels = r.texts(root, "nnq-w")
    assert len(units) == 9 and len(labels) == 18
    for t, (k, i, j) in zip(
        labels, [(k, i, j) for k in range(2) for i in range(3) for j in range(3)]
    ):
        a, b = units[3 * k + j][:2], units[3 * (k + 1) + i][:2]
        assert r.distance_to_segment(r.middle(t), a, b) < 0.2


def test_too_many_labels_find_no_room():
    n = 8
    edges = network.all_edges((n, n))
    net = network.Net((n, n), (("",) * n, ("",) * n), (("a",), ("b",)), edges, ["−0.12"] * n * n)
    assert network.draw(net) is None


@pytest.mark.parametrize("name", gallery.NAMES)
def test_the_gallery_draws_every_figure_it_names(name):
    f = gallery.draw(name)
    root = r.parse(f.svg)
    assert f.alt and float(root.get("width")) <= 340 and not overlapping(f.boxes)


@pytest.mark.parametrize("problem_id", sorted(PINNED))
def test_golden_figures(problem_id):
    """The same id draws the same bytes (here and on every machine: no float repr).
    After a deliberate change to a drawing: NNQUIZ_GOLDEN=write pytest tests/figures."""
    import os

    p = registry.show(problem_id)
    for name in PINNED[problem_id]:
        (f,) = [f for f in p.figures if f.name == name]
        path = GOLDEN / f"{problem_id.replace(':', '_')}_{name}.svg"
        if os.environ.get("NNQUIZ_GOLDEN") == "write":
            path.write_text(f.svg, encoding="utf-8")
        assert f.svg == path.read_text(encoding="utf-8"), path.name


def test_a_plane_writes_its_points_coordinates_only_where_they_all_fit():
    """Tags (a point's coordinates) are placed clear of every other text and marker; a
    set too dense for that is drawn without tags and says so (``complete`` False), so a
    figure never stands in for a table it does not show in full."""
    from nnquiz.figures import plane

    dense = tuple((x / 2, y / 2) for x in range(-3, 4) for y in range(-3, 4))
    labels = tuple(1 if k % 2 else -1 for k in range(len(dense)))
    tags = tuple(f"({a:g}, {b:g})" for a, b in dense)
    crowded = plane.draw(plane.Scene(dense, labels, tags=tags))
    assert not crowded.complete and "(0.5, 0.5)" not in crowded.body
    assert not overlapping(crowded.boxes)
    few = plane.draw(plane.Scene(dense[:3], labels[:3], tags=tags[:3]))
    assert few.complete and all(t in few.body for t in tags[:3])
    assert not overlapping(few.boxes)
