"""What a figure shows and says is true, recomputed here from the problem's ``given``
(the findings of an independent review, each with the test that would have caught it):
early stopping's "lowest" holds up to the stop and the epochs after it are shown as not
trained; an edge's label is nearer its own edge than any other and clear of crossings;
a point off a line is drawn visibly off it.

CI checks every ``STEP``-th seed of 0…299; ``NNQUIZ_FIGURE_SEEDS=300`` checks them all.
"""

from __future__ import annotations

import math
import os
import re

from nnquiz.figures.layout import ASCENT, DESCENT, hits, text_box, width
from nnquiz.figures.svg import SIZE
from nnquiz.problems import registry
from nnquiz.problems.model import DIFFICULTIES
from nnquiz.problems.notation import num

from . import reading as r

SEEDS = int(os.environ.get("NNQUIZ_FIGURE_SEEDS", "100"))


def seeds() -> range:
    return range(0, 300, max(1, 300 // SEEDS))


def stopping(val: list[float], patience: int) -> tuple[int, int]:
    """(stop, best), 1-based, by the rule the question states."""
    best, low, waited = 1, float("inf"), 0
    for e, v in enumerate(val, start=1):
        if v < low:
            best, low, waited = e, v, 0
        else:
            waited += 1
            if waited == patience:
                return e, best
    return len(val), best


def test_early_stopping_says_lowest_only_of_what_was_trained_and_shows_the_rest_untrained():
    later_lower = 0
    for difficulty in DIFFICULTIES:
        for seed in range(300):
            p = registry.generate("early_stopping", seed, difficulty)
            val, n = [float(v) for v in p.given["val"]], len(p.given["val"])
            stop, best = stopping(val, int(p.given["patience"]))
            (f,) = p.figures
            where = f"{p.id}: {f.alt}"
            m = re.search(
                r"(Up to the stop, t|T)he validation loss is lowest at epoch (\d+) \(([^,]+),",
                f.alt,
            )
            assert m and int(m.group(2)) == best and m.group(3) == num(val[best - 1]).text, where
            scope = val[:stop] if m.group(1).startswith("Up") else val
            assert min(scope) == val[best - 1], where  # "lowest" of what it speaks of
            assert f"after epoch {stop} (marked stop)" in f.alt or stop == n, where
            root = r.parse(f.svg)
            shade = [e for e in root.iter(r.NS + "rect") if e.get("class") == "nnq-after"]
            faint = r.groups(root, "nnq-faint")
            if stop == n:
                assert not shade and not faint and "never trained" not in f.alt, where
                continue
            two = "and" if stop + 2 == n else "to"
            untrained = f"Epochs {stop + 1} {two} {n} were" if stop + 1 < n else f"Epoch {n} was"
            assert m.group(1).startswith("Up") and f"{untrained} never trained" in f.alt, where
            assert "not trained" in [t.text for t in r.texts(root, "nnq-labels")], where
            # the shade starts at the stop's line; the curves there are drawn faint
            (line,) = [p for p in _mark_lines(root) if p[1] == "stop"] or [None]
            assert len(shade) == 1 and len(faint) == (2 if "train" in p.given else 1), where
            assert line is None or abs(float(shade[0].get("x")) - line[0]) < 0.11, where
            lower = [e for e in range(stop + 1, n + 1) if val[e - 1] < val[best - 1]]
            if lower:
                later_lower += 1
                e = min(lower, key=lambda e: (val[e - 1], e))
                said = f"epoch {e}'s validation loss, {num(val[e - 1]).text}, is lower still"
                assert said in f.alt, where
    assert later_lower > 20  # the case the review found is among those checked


def _mark_lines(root) -> list[tuple[float, str]]:
    """The vertical marks' x, each with the label over it (best or stop)."""
    xs = [
        float(re.match(r"M([\d.]+) ", p.get("d")).group(1))
        for g in root.iter(r.NS + "g")
        if g.get("stroke-dasharray") == "2 3"
        for p in g.iter(r.NS + "path")
    ]
    labels = [t.text for t in r.texts(root, "nnq-labels") if ":" in t.text]
    return [(x, t.split(":")[0].split()[-1]) for x, t in zip(xs, labels)]


def _drawn_lines(root) -> dict[str, tuple[tuple[float, float], tuple[float, float]]]:
    """The plane's lines in px: ``candidate`` (dashed) and ``separating`` (solid)."""
    out = {}
    for p in root.iter(r.NS + "path"):
        if p.get("stroke-width") == "2" and p.get("d", "").count("L") == 1:
            a, b, c, d = map(float, re.match(r"M(\S+) (\S+)L(\S+) (\S+)$", p.get("d")).groups())
            out["candidate" if p.get("stroke-dasharray") else "separating"] = ((a, b), (c, d))
    return out


def _line_gap(p, line) -> float:
    """The distance from p to the whole line through ``line``'s two points (px)."""
    (ax, ay), (bx, by) = line
    return abs((bx - ax) * (ay - p[1]) - (ax - p[0]) * (by - ay)) / math.hypot(bx - ax, by - ay)


def widest_margin(points, labels) -> float:
    """The maximum margin of a separating line, by brute force over 1,800 directions."""
    best = 0.0
    for k in range(1800):
        u = (math.cos(k * math.pi / 900), math.sin(k * math.pi / 900))
        pos = [u[0] * x + u[1] * y for (x, y), c in zip(points, labels) if c == 1]
        neg = [u[0] * x + u[1] * y for (x, y), c in zip(points, labels) if c != 1]
        best = max(best, (min(pos) - max(neg)) / 2)
    return best


MARKER = 6.0  # a ring's radius (a cross is 5.5 px from its middle to a side)


def test_separable_points_off_a_line_are_drawn_clear_of_it_and_the_separating_line_is_centred():
    for difficulty in DIFFICULTIES:
        for seed in seeds():
            p = registry.generate("separable", seed, difficulty)
            g = p.given
            figs = {f.name: f for f in p.figures}
            root = r.parse(figs["points"].svg)
            lines = _drawn_lines(root)
            markers = [(x, y) for x, y, _ in r.circles(root, "nnq-pos")] + r.crosses(root)
            fx, fy = r.axes(root)
            for m in markers:  # each marker's point: on the candidate line, or clear of it
                x, y = round(fx(m[0]), 2), round(fy(m[1]), 2)  # the point's coordinates
                score = g["theta"][0] * x + g["theta"][1] * y + g["b"]
                gap = _line_gap(m, lines["candidate"])
                if abs(score) < 1e-6:
                    assert gap < 1, f"{p.id}: ({x}, {y}) is on the line, drawn {gap:.1f} px off"
                else:
                    assert gap >= MARKER + 3, f"{p.id}: ({x}, {y}) {gap:.1f} px from the line"
            if "separating" not in (lines := _drawn_lines(r.parse(figs["separation"].svg))):
                continue
            widest = widest_margin(g["points"], g["labels"])
            root = r.parse(figs["separation"].svg)
            fx, fy = r.axes(root)
            px_per_unit = abs(1 / (fx(1) - fx(0)))
            markers = [(x, y) for x, y, _ in r.circles(root, "nnq-pos")] + r.crosses(root)
            gap = min(_line_gap(m, lines["separating"]) for m in markers)
            assert gap >= 8 - 0.2, f"{p.id}: the separating line {gap:.1f} px from a point"
            assert gap >= 0.75 * widest * px_per_unit - 0.2, f"{p.id}: not centred"
            # the line drawn is the line the text states, and it separates the points
            m = re.search(r"θ = \[(\S+), (\S+)\], b = (\S+)\.", figs["separation"].alt)
            theta, b = [r.number(v) for v in m.groups()[:2]], r.number(m.group(3))
            stated = f"the line with θ = [{m.group(1)}, {m.group(2)}] and b = {m.group(3)} "
            assert stated in p.solution_text, p.id  # the text's line is the one drawn
            for end in lines["separating"]:
                x, y = fx(end[0]), fy(end[1])
                assert abs(theta[0] * x + theta[1] * y + b) / math.hypot(*theta) < 0.02, p.id
            for (x, y), c in zip(g["points"], g["labels"]):
                assert c * (theta[0] * x + theta[1] * y + b) > 0, p.id


NETWORKS = ("forward", "backprop", "sgd", "fgsm", "neuron", "dropout")
MARGIN = 6.0  # px: a label's middle this much nearer its own edge than any other


def _edges(root) -> list[tuple[tuple[tuple[float, float], tuple[float, float]], bool]]:
    """The edges as drawn (px), from unit to unit, each with whether it is heavy (the
    edges a backward figure labels)."""
    out = []
    for g in r.groups(root, "nnq-edges"):
        for p in g.iter(r.NS + "path"):
            heavy = float(p.get("stroke-width") or 0) > 2
            for m in re.finditer(r"M(\S+) (\S+)L(\S+) (\S+?)(?=M|$)", p.get("d")):
                a, b, c, d = map(float, m.groups())
                out.append((((a, b), (c, d)), heavy))
    return out


def _clear_place_exists(text, own, others, units) -> bool:
    """Whether some place along ``own`` holds a label ``text`` wide clear of every unit
    with its middle MARGIN from every other edge (then the layout must have found one)."""
    w, h = width(text) + 4, (ASCENT + DESCENT) * SIZE + 4
    (ax, ay), (bx, by) = own
    for k in range(201):
        x, y = ax + (bx - ax) * k / 200, ay + (by - ay) * k / 200
        if any(
            math.hypot(max(abs(x - ux) - w / 2, 0), max(abs(y - uy) - h / 2, 0)) < ur
            for ux, uy, ur in units
        ):
            continue
        if min(r.distance_to_segment((x, y), *e) for e in others) >= MARGIN:
            return True
    return False


def test_an_edge_label_is_clearly_on_its_own_edge_and_never_at_a_crossing():
    """Its middle on one edge and MARGIN or more from every other (so from every crossing
    too), wherever its own edge has such a place; the rest are counted, and few."""
    labels = stuck = 0
    for family in NETWORKS:
        for difficulty in DIFFICULTIES:
            for seed in seeds():
                p = registry.generate(family, seed, difficulty)
                for f in p.figures:
                    root = r.parse(f.svg)
                    edges, units = _edges(root), r.circles(root, "nnq-units")
                    for t in r.texts(root, "nnq-w"):
                        labels += 1
                        m = r.middle(t)
                        gaps = sorted((r.distance_to_segment(m, *e), not h, e) for e, h in edges)
                        where = f"{p.id} {f.name}: {t.text} {gaps[1][0]:.1f} px from another edge"
                        assert gaps[0][0] < 0.5, f"{p.id} {f.name}: {t.text} on no edge"
                        if len(gaps) == 1 or gaps[1][0] >= MARGIN:
                            continue
                        # on several edges at once (where they cross): its own is the heavy
                        # one if one is, else any of them
                        on = sorted(g for g in gaps if g[0] < 0.5)
                        own = [g[2] for g in on if not g[1]] or [g[2] for g in on]
                        for e in own:
                            others = [g[2] for g in gaps if g[2] != e]
                            assert not _clear_place_exists(t.text, e, others, units), where
                        stuck += 1
    print(f"{stuck} of {labels} edge labels near another edge, with no clear place on theirs")
    assert labels > 1000 and stuck <= labels / 1000, (stuck, labels)


def test_an_edge_label_has_the_page_colour_behind_it_not_the_edge():
    """A rectangle in the page's colour (--nnq-bg, which night mode sets) behind each
    edge label, covering its characters: no edge shows through a decimal point."""
    for family in ("backprop", "fgsm", "dropout"):
        for seed in range(0, 300, 30):
            p = registry.generate(family, seed, "hard")
            for f in p.figures:
                root = r.parse(f.svg)
                texts = r.texts(root, "nnq-w")
                backs = [e for g in r.groups(root, "nnq-wbg") for e in g.iter(r.NS + "rect")]
                assert len(backs) == len(texts), f"{p.id} {f.name}"
                for g in r.groups(root, "nnq-wbg"):
                    assert g.get("style") == "fill:var(--nnq-bg,#fff)", p.id
                for t, b in zip(texts, backs):
                    x, base, w = float(t.get("x")), float(t.get("y")), width(t.text)
                    x0, y0 = float(b.get("x")), float(b.get("y"))
                    x1, y1 = x0 + float(b.get("width")), y0 + float(b.get("height"))
                    assert x0 <= x - w / 2 and x + w / 2 <= x1, f"{p.id} {t.text}"
                    assert y0 <= base - 0.72 * SIZE and base + 0.2 * SIZE <= y1, p.id  # digits


def _g(act: str, z: float) -> tuple[float, float]:
    """g(z) and g′(z), written out again here."""
    if act == "sigmoid":
        s = 1 / (1 + math.exp(-z))
        return s, s * (1 - s)
    if act == "tanh":
        return math.tanh(z), 1 - math.tanh(z) ** 2
    if act == "relu":
        return max(z, 0.0), float(z > 0)
    return float(z > 0), 0.0


def test_activation_marks_both_curves_at_every_z_even_where_they_meet():
    """A dot on g and a ring on g′ at each z, where the axes put g(z) and g′(z) (the
    review found one dot left out where the two were within 7 px)."""
    close = 0
    for difficulty in DIFFICULTIES:
        for seed in seeds():
            p = registry.generate("activation_derivative", seed, difficulty)
            (f,) = p.figures
            root = r.parse(f.svg)
            fx, fy = r.axes(root)
            zs = p.given["z"] if isinstance(p.given["z"], list) else [p.given["z"]]
            circles = [
                (float(c.get("cx")), float(c.get("cy")), c.get("r"))
                for c in root.iter(r.NS + "circle")
            ]
            dots = sorted((fx(x), fy(y)) for x, y, rad in circles if rad == "4")
            rings = sorted((fx(x), fy(y)) for x, y, rad in circles if rad == "6")
            act = p.given["activation"]
            want = [_g(act, float(z)) for z in zs]
            for shown, k in ((dots, 0), (rings, 1)):
                expected = sorted((float(z), w[k]) for z, w in zip(zs, want))
                assert len(shown) == len(expected), f"{p.id}: {len(shown)} marks for {len(zs)} z"
                for (x, y), (ez, ev) in zip(shown, expected):
                    assert abs(x - ez) < 0.03 and abs(y - ev) < 0.03, f"{p.id}: ({x}, {y})"
            close += any(abs(a - b) * 150 / 2 < 7 for a, b in want)
            assert "a dot on g" in f.alt and "a ring on g′" in f.alt, f.alt
    assert close  # the case the review found is among those checked


def test_vanishing_names_the_loss_L_and_the_number_of_layers_otherwise():
    """The chain's figure ends at the loss L (as in ∂L/∂x): the text counts the layers
    with n, never "L = 5 layers" (the review found both)."""
    for difficulty in DIFFICULTIES:
        for seed in range(0, 300, 10):
            p = registry.generate("vanishing", seed, difficulty)
            words = p.question_text + " ".join(x.prompt for x in p.parts) + p.solution_text
            assert not re.search(r"\bL = \d|\bL (sigmoid|active|ReLU)", words), p.id
            assert any("the loss L" in f.alt for f in p.figures), p.id
            assert re.search(r"\bn = \d", p.question_text), p.id


def test_lr_schedule_threshold_label_is_clear_of_the_curve():
    """The curve never runs through the "τ = …" label (the review found it did)."""
    labelled = 0
    for difficulty in DIFFICULTIES:
        for seed in seeds():
            p = registry.generate("lr_schedule", seed, difficulty)
            for f in p.figures:
                root = r.parse(f.svg)
                taus = [t for t in root.iter(r.NS + "text") if (t.text or "").startswith("τ = ")]
                paths = [q for g in r.groups(root, "nnq-curves") for q in g.iter(r.NS + "path")]
                points = [
                    [
                        (float(a), float(b))
                        for a, b in re.findall(r"[ML](\S+) (\S+?)(?=[MLVH]|$)", q.get("d"))
                    ]
                    for q in paths
                ]
                for t in taus:
                    labelled += 1
                    box = text_box(
                        float(t.get("x")),
                        float(t.get("y")),
                        t.text,
                        anchor=t.get("text-anchor") or "middle",
                    )
                    for line in points:
                        for a, b in zip(line, line[1:]):
                            assert not hits(a, b, box), f"{p.id}: the curve through {t.text}"
    assert labelled > 20


def test_a_dropped_unit_keeps_its_name_clear_and_all_its_edges_dashed():
    """The X over a dropped unit leaves its name clear, and every edge into or out of it
    is dashed (the review found the concept card's X over h₂ and h₄, edges in solid)."""
    from nnquiz.figures import gallery

    svgs = [gallery.draw("dropout").svg]
    svgs += [
        f.svg for s in range(0, 300, 30) for f in registry.generate("dropout", s, "hard").figures
    ]
    checked = 0
    for doc in svgs:
        root = r.parse(doc)
        units = r.circles(root, "nnq-units")
        xs = [p for p in root.iter(r.NS + "path") if p.get("class") == "nnq-dropped"]
        if not xs:
            continue
        arms = [
            ((float(a), float(b)), (float(c), float(d)))
            for a, b, c, d in re.findall(r"M(\S+) (\S+)L(\S+) (\S+?)(?=M|$)", xs[0].get("d"))
        ]
        dropped = {
            min(units, key=lambda u: math.hypot(u[0] - a[0], u[1] - a[1]))[:2] for a, _ in arms
        }
        names = {(float(t.get("x")), round(r.middle(t)[1])): t for t in r.texts(root, "nnq-names")}
        for ux, uy in dropped:
            (t,) = [t for (x, y), t in names.items() if abs(x - ux) < 0.5 and abs(y - uy) < 2]
            box = text_box(float(t.get("x")), float(t.get("y")), t.text)
            assert not any(hits(a, b, box) for a, b in arms), t.text
        for ends, p in _edge_paths(root):
            touches = any(math.hypot(e[0] - ux, e[1] - uy) < 18 for e in ends for ux, uy in dropped)
            assert touches == bool(p.get("stroke-dasharray")), ends
        checked += 1
    assert checked >= 2


def _edge_paths(root):
    """Each drawn edge with the path element that draws it."""
    out = []
    for g in r.groups(root, "nnq-edges"):
        for p in g.iter(r.NS + "path"):
            for m in re.finditer(r"M(\S+) (\S+)L(\S+) (\S+?)(?=M|$)", p.get("d")):
                a, b, c, d = map(float, m.groups())
                out.append((((a, b), (c, d)), p))
    return out
