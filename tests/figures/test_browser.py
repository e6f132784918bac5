"""A sample of figures laid out by a real browser (headless Chromium): what it draws
agrees with the layout's boxes. Every text's box (``getBBox``) lies inside the box the
layout gave it, no two texts overlap, no text overlaps a unit or a marker, and a unit's
name stays inside its circle; at a 390 px phone width no text is smaller than 11 px.

CI installs Debian's ``chromium``; there (CI=true) a missing browser fails the test.
"""

from __future__ import annotations

import html
import json
import re

import pytest

from nnquiz.figures import gallery
from nnquiz.problems import registry
from nnquiz.problems.model import DIFFICULTIES

from ..homework.test_browser import browse
from .test_problem_figures import WITH

PROBE = r"""<script>
function box(e) { const b = e.getBBox(); return [b.x, b.y, b.x + b.width, b.y + b.height]; }
function probe() {
  const out = [];
  for (const svg of document.querySelectorAll("svg")) {
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    const texts = [...svg.querySelectorAll("text")].map(t => ({
      box: box(t), text: t.textContent,
      inUnit: !!t.closest(".nnq-names"),
      px: parseFloat(getComputedStyle(t).fontSize) * scale,
    }));
    const units = [...svg.querySelectorAll(".nnq-units circle")].map(box);
    const marks = [...svg.querySelectorAll(".nnq-pos circle, .nnq-neg path")].map(box);
    out.push({id: svg.parentElement.id, texts, units, marks});
  }
  document.getElementById("nnquiz-probe").textContent = JSON.stringify(out);
}
document.fonts.ready.then(probe);
</script><pre id="nnquiz-probe"></pre>"""
SLACK = 1.0  # a pixel of rounding between the layout and the browser


def sample() -> dict[str, object]:
    """Two seeds of every family and difficulty with figures, and the gallery."""
    figures = {}
    for family in sorted(WITH):
        for difficulty in DIFFICULTIES:
            for seed in (0, 1):
                p = registry.generate(family, seed, difficulty)
                for f in p.figures:
                    figures[f"{p.id}/{f.name}"] = f
    for name in gallery.NAMES:
        figures[f"card/{name}"] = gallery.draw(name)
    return figures


@pytest.fixture(scope="module")
def measured(tmp_path_factory):
    figures = sample()
    folder = tmp_path_factory.mktemp("figures")
    body = "".join(
        f'<div id="{html.escape(key)}" style="margin:8px 16px">{f.svg}</div>'
        for key, f in figures.items()
    )
    page = folder / "figures.html"
    page.write_text(
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width'></head>"
        f"<body style='margin:0'>{body}{PROBE}</body></html>",
        encoding="utf-8",
    )
    out = browse(
        page,
        folder / "profile",
        "--window-size=390,2000",
        "--virtual-time-budget=10000",
        "--dump-dom",
    )
    m = re.search(r'<pre id="nnquiz-probe">(.*?)</pre>', out.stdout, re.S)
    assert m and m.group(1), out.stderr[-2000:]
    found = json.loads(html.unescape(m.group(1)))
    return figures, {item["id"]: item for item in found}


def overlap(a, b) -> bool:
    return (
        a[0] < b[2] - SLACK and b[0] < a[2] - SLACK and a[1] < b[3] - SLACK and b[1] < a[3] - SLACK
    )


def inside(a, b) -> bool:
    return (
        a[0] >= b[0] - SLACK
        and a[1] >= b[1] - SLACK
        and a[2] <= b[2] + SLACK
        and a[3] <= b[3] + SLACK
    )


def test_the_browser_draws_every_figure_of_the_sample(measured):
    figures, found = measured
    assert set(found) == set(figures)


def test_every_text_is_inside_its_layout_box_and_clear_of_the_others(measured):
    figures, found = measured
    problems = []
    for key, item in found.items():
        layout = [tuple(b[:4]) for b in figures[key].boxes if b.kind != "mark"]
        free = [t for t in item["texts"] if not t["inUnit"]]
        for t in free:
            if not any(inside(t["box"], b) for b in layout):
                problems.append(f"{key}: {t['text']!r} {t['box']} is in no layout box")
        for n, a in enumerate(free):
            for b in free[n + 1 :]:
                if overlap(a["box"], b["box"]):
                    problems.append(f"{key}: {a['text']!r} overlaps {b['text']!r}")
            for u in item["units"] + item["marks"]:
                if overlap(a["box"], u):
                    problems.append(f"{key}: {a['text']!r} overlaps a unit or marker")
    assert not problems, "\n".join(problems[:20])


def test_a_units_name_stays_inside_its_circle(measured):
    _, found = measured
    for key, item in found.items():
        names = [t for t in item["texts"] if t["inUnit"]]
        for t in names:
            assert any(inside(t["box"], u) for u in item["units"]), f"{key}: {t['text']}"


def test_no_text_is_smaller_than_11_px_on_a_phone(measured):
    _, found = measured
    sizes = [t["px"] for item in found.values() for t in item["texts"]]
    assert sizes and min(sizes) >= 11
