"""Each student's rows are placed in the worker that grades them, so the issues found
there are put together afterwards: the same issues listed, and the kinds counted in the
same order, as when every row was placed in one process, one after another."""

import random

from nnquiz.homework.issues import Issues
from nnquiz.homework.submissions import Issue

KINDS = ["a duplicate", "a row with no student id", "a part that does not exist", "short"]


def test_issues_found_apart_and_merged_are_those_found_in_order():
    rng = random.Random(7)
    for trial in range(200):
        found = [(at, rng.choice(KINDS[: rng.randint(1, 4)])) for at in range(rng.randint(0, 120))]
        shown = rng.randint(1, 6)
        one = Issues(shown)
        parts = [Issues(shown) for _ in range(rng.randint(1, 5))]
        for at, kind in found:
            issue = Issue(rng.randint(1, 30), f"{kind} at {at}")  # lines tie: order matters
            one.add(issue, kind, at)
            part = rng.choice(parts)
            if rng.random() < 0.5:
                part.add(issue, kind, at)
            elif part.count(kind):
                part.keep(issue, kind, at)
        merged = Issues.merged(parts)
        assert merged.listed() == one.listed(), trial
        assert merged.more() == one.more(), trial
        assert list(merged.per_kind.items()) == list(one.per_kind.items()), trial
