"""generate_many: worker processes give exactly what generate gives, in order, lazily."""

import itertools
import json
from functools import partial

import pytest

from nnquiz.problems import batch, registry
from nnquiz.problems.model import DIFFICULTIES
from nnquiz.render import render

# Every family and difficulty, interleaved, more than the serial threshold.
MIXED = [
    (family, seed, difficulty)
    for seed in range(12)
    for family in registry.ids()
    for difficulty in DIFFICULTIES
][: batch.SERIAL_BELOW + 30]


def serial(specs):
    return [registry.generate(f, s, d).to_dict() for f, s, d in specs]


def test_workers_give_the_same_problems_in_the_same_order():
    assert len(MIXED) > batch.SERIAL_BELOW
    got = [p.to_dict() for p in batch.generate_many(MIXED, workers=2)]
    assert got == serial(MIXED)


def test_transform_runs_in_the_workers_and_its_results_come_back_in_order():
    specs = [("backprop", s, "medium") for s in range(batch.SERIAL_BELOW + 5)]
    lines = list(batch.generate_many(specs, 2, partial(render, fmt="json")))
    assert [json.loads(line)["id"] for line in lines] == [
        f"backprop:{s}" for s in range(len(specs))
    ]
    assert lines[7] == render(registry.generate("backprop", 7), "json")


def test_small_batches_and_one_worker_are_made_here():
    specs = [("softmax", s, "easy") for s in range(5)]
    assert [p.to_dict() for p in batch.generate_many(specs)] == serial(specs)
    assert [p.id for p in batch.generate_many(specs, workers=0)] == [
        f"softmax:easy:{s}" for s in range(5)
    ]


def test_specs_are_read_lazily_and_closing_stops_the_workers():
    endless = (("fgsm", s, "medium") for s in itertools.count())
    problems = batch.generate_many(endless, workers=2)
    first = list(itertools.islice(problems, batch.SERIAL_BELOW + 3))
    problems.close()
    assert [p.id for p in first[-3:]] == [f"fgsm:{s}" for s in range(200, 203)]
    # The endless generator was read only a bounded number of chunks ahead.
    assert next(endless)[1] < len(first) + 2 * batch.CHUNK * batch.AHEAD + batch.CHUNK


def test_an_error_in_a_worker_is_raised_here():
    specs = [("backprop", s, "medium") for s in range(batch.SERIAL_BELOW + 10)]
    specs[205] = ("no_such_family", 1, "medium")
    problems = batch.generate_many(specs, workers=2)
    with pytest.raises(registry.UnknownFamily):
        list(problems)


def test_negative_workers_are_refused():
    with pytest.raises(ValueError):
        list(batch.generate_many([("bce", 1, "easy")], workers=-1))


def test_map_ordered_maps_any_function_in_order_in_chunks():
    items = list(range(100))
    got = list(batch.map_ordered(partial(pow, 3), items, workers=2, chunk=7, serial_below=10))
    assert got == [3**k for k in items]
    few = batch.map_ordered(partial(pow, 3), range(5), workers=2, serial_below=10)
    assert list(few) == [1, 3, 9, 27, 81]  # made here


def test_map_ordered_hands_shared_data_to_each_worker_once():
    table = {k: k * k for k in range(300)}
    got = list(batch.map_ordered(dict.get, range(300), workers=2, chunk=9, shared=table))
    assert got == [k * k for k in range(300)]
    assert list(batch.map_ordered(dict.get, [3, 4], workers=2, shared=table)) == [9, 16]
