"""What drawing the figures costs, family by family, and the full 300-seed check.

For every family and difficulty with figures: the time generation spends drawing them
(``Built.figures``, timed from inside ``registry.generate``) against the rest of making
the problem (JSON included), in one process, so that both see the machine at the same
speed. Issue 15's budget: at most 10 % of the problem's generation time. Then, unless
``--no-check``, the figure tests of tests/figures/test_problem_figures.py over 300 seeds a
family and difficulty (CI runs a sample of them).

The cyclic garbage collector is paused while a case is timed (and run in full before it),
as ``homework`` and ``grade`` pause it for a class's problems: otherwise a full
collection, which walks every object the earlier cases left (tens of milliseconds), lands
in whichever window is running, and one case's figures looked twice as slow as they are.
``--with-gc`` leaves it running.

    python benchmarks/figures.py [--count N] [--no-check] [--with-gc]
"""

from __future__ import annotations

import argparse
import gc
import os
import subprocess
import sys
import time
from functools import cached_property

from _common import ROOT, compile_bytecode, load

sys.path.insert(0, str(ROOT))

BUDGET = 0.10


def shares(count: int, with_gc: bool = False) -> list[tuple[str, str, float, float]]:
    """(family, difficulty, µs drawing a problem's figures, their share of the rest)."""
    from nnquiz.problems import family, registry
    from nnquiz.problems.model import DIFFICULTIES
    from nnquiz.render import formats

    inner = family.Built.__dict__["figures"].func
    spent = [0.0]
    depth = [0]  # a problem's figures may be another Built's (sgd's are its network's)

    def timed(self):
        depth[0] += 1
        t = time.perf_counter()
        try:
            return inner(self)
        finally:
            depth[0] -= 1
            if not depth[0]:  # the outermost only: the inner time is in it already
                spent[0] += time.perf_counter() - t

    timed.__name__ = "figures"
    prop = cached_property(timed)
    prop.__set_name__(family.Built, "figures")
    family.Built.figures = prop
    out = []
    for fam in registry.ids():
        for difficulty in DIFFICULTIES:
            if not registry.generate(fam, 0, difficulty).figures:
                continue
            for seed in range(1, 40):  # layouts cached and modules warm, as in a long run
                formats.as_json(registry.generate(fam, seed, difficulty))
            spent[0] = 0.0
            gc.collect()
            if not with_gc:
                gc.disable()
            t = time.perf_counter()
            for seed in range(1000, 1000 + count):
                formats.as_json(registry.generate(fam, seed, difficulty))
            total = time.perf_counter() - t
            gc.enable()
            out.append((fam, difficulty, spent[0] / count * 1e6, spent[0] / (total - spent[0])))
    return out


def main() -> None:
    compile_bytecode()
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--count", type=int, default=300, help="problems a case (default 300)")
    ap.add_argument("--no-check", action="store_true", help="skip the 300-seed check")
    ap.add_argument(
        "--with-gc", action="store_true", help="leave the garbage collector running while timing"
    )
    a = ap.parse_args()
    paused = "running" if a.with_gc else "paused"
    print(
        f"Figures: time drawing them, against the rest of generation ({load()}; "
        f"garbage collector {paused} while timing):"
    )
    worst = 0.0
    for fam, difficulty, micro, share in shares(a.count, a.with_gc):
        flag = "" if share <= BUDGET else "  OVER the 10 % budget"
        worst = max(worst, share)
        print(f"  {fam:22} {difficulty:6} {micro:7.0f} µs  {share:6.1%}{flag}")
    print(f"  largest share: {worst:.1%} (budget {BUDGET:.0%})")
    if a.no_check:
        return
    print("The figure tests over 300 seeds a family and difficulty:")
    r = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "tests/figures/test_problem_figures.py"],
        cwd=ROOT,
        env={**os.environ, "NNQUIZ_FIGURE_SEEDS": "300", "PYTHONPATH": str(ROOT)},
    )
    sys.exit(r.returncode)


if __name__ == "__main__":
    main()
