"""What a figure shows and says is true, recomputed here from the problem's ``given``
(the findings of an independent review, each with the test that would have caught it):
early stopping's "lowest" holds up to the stop and the epochs after it are shown as not
trained; an edge's label is nearer its own edge than any other and clear of crossings;
a point off a line is drawn visibly off it.

CI checks every ``STEP``-th seed of 0…299; ``NNQUIZ_FIGURE_SEEDS=300`` checks them all.
"""

from __future__ import annotations

import os
import re

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
