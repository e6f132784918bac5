"""The table of network layouts searched ahead of time (:mod:`nnquiz.figures.presets`):
a layout taken from it is the layout the search finds (the same figures, byte for byte),
and the table holds every layout the generated problems of its seeds need, so that it is
written again whenever the layout search or what it reads changes."""

from __future__ import annotations

import pytest

from nnquiz.figures import network, presets
from nnquiz.problems import registry
from nnquiz.problems.model import DIFFICULTIES

CASES = [(f, d) for f in presets.FAMILIES for d in DIFFICULTIES]
STALE = "stale: write it again with python benchmarks/figure_layouts.py"


def _figures(family: str, difficulty: str, seeds) -> list[str]:
    return [f.svg for s in seeds for f in registry.generate(family, s, difficulty).figures]


@pytest.fixture
def fresh():
    """Every layout made anew (and none left behind made otherwise)."""
    network._plan.cache_clear()
    yield
    network._plan.cache_clear()


@pytest.mark.parametrize("family,difficulty", CASES)
def test_a_layout_from_the_table_is_the_one_searched(family, difficulty, fresh, monkeypatch):
    seeds = [*range(0, 300, 60), *range(5000, 5003)]  # in the table's seeds and beyond
    kept = _figures(family, difficulty, seeds)
    network._plan.cache_clear()
    monkeypatch.setattr(presets, "LAYOUTS", {})
    assert _figures(family, difficulty, seeds) == kept, f"the layout table is {STALE}"


@pytest.mark.parametrize("family,difficulty", CASES)
def test_the_table_holds_the_layouts_of_its_seeds(family, difficulty, fresh, monkeypatch):
    searched: dict = {}
    monkeypatch.setattr(presets, "RECORD", searched)
    _figures(family, difficulty, range(0, presets.SEEDS, 97))
    assert not searched, f"{len(searched)} layouts searched: the layout table is {STALE}"


def test_a_search_is_keyed_the_same_on_every_machine():
    edges = network.all_edges((2, 2, 1))
    args = ((2, 2, 1), (("x₁", "x₂"), ("", ""), ("ŷ",)), 2, (48.0, 48.0, 48.0))
    args += (edges, 40.0, ((True, True), (True, True), (True,)), (50.0, 50.0, 50.0))
    assert presets.key(*args) == "9ae3df606039b28bf357"  # written down on one machine
    elided = ((2, 2, 1), (("x₁", "x₂"), ("", "⋮"), ("ŷ",))) + args[2:]
    assert presets.key(*elided) != presets.key(*args)
