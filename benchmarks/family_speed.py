"""Milliseconds per generated problem, for every family and difficulty.

Run from the repository root: ``python benchmarks/family_speed.py [SEEDS]``. Prints one
line per family and difficulty (median of three runs over SEEDS seeds, default 200) and
the slowest figure last. A problem's time includes every redraw of degenerate variants.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from nnquiz.problems import registry  # noqa: E402
from nnquiz.problems.model import DIFFICULTIES  # noqa: E402


def ms_per_problem(family: str, difficulty: str, seeds: int) -> float:
    runs = []
    for _ in range(3):
        start = time.perf_counter()
        for seed in range(seeds):
            registry.generate(family, seed, difficulty)
        runs.append((time.perf_counter() - start) * 1000 / seeds)
    return statistics.median(runs)


def main() -> None:
    seeds = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    registry.generate("forward", 0)  # import everything before timing
    worst = (0.0, "")
    print(f"{'family':<24}" + "".join(f"{d:>10}" for d in DIFFICULTIES) + "   (ms per problem)")
    for family in registry.ids():
        figures = [ms_per_problem(family, d, seeds) for d in DIFFICULTIES]
        print(f"{family:<24}" + "".join(f"{v:>10.2f}" for v in figures))
        for d, v in zip(DIFFICULTIES, figures):
            worst = max(worst, (v, f"{family} {d}"))
    print(f"slowest: {worst[1]} at {worst[0]:.2f} ms per problem")


if __name__ == "__main__":
    main()
