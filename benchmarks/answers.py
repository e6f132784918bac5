"""Benchmark: answers read and graded per second, on a realistic mix.

The mix is what students type for generated problems of every family and difficulty:
right answers as decimals (vectors and matrices in every layout the reader takes),
in scientific notation, as fractions and as expressions (softmax and losses written
from the given numbers), declared common mistakes, flipped signs and early rounding,
and a few unreadable strings. Target: at least 20,000 answers per second.

    python benchmarks/answers.py [--problems N] [--rounds R]
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import time
from collections import Counter
from fractions import Fraction
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from nnquiz.answers import grade_part  # noqa: E402
from nnquiz.problems import registry  # noqa: E402
from nnquiz.problems.model import DIFFICULTIES  # noqa: E402

TARGET = 20_000
MIX = [
    ("decimal", 35),
    ("scientific", 12),
    ("fraction", 12),
    ("expression", 11),
    ("mistake", 15),
    ("sign", 4),
    ("rounded", 6),
    ("unreadable", 5),
]
UNREADABLE = ["[0.1, 0.2", "0.5.5", "1/0", "ln(-1)", "abc", "2 *", "((1)", "e^", "[1, , 2]"]


def dec(x: float, sig: int = 4) -> str:
    if x == 0:
        return "0"
    return f"{x:.{max(0, sig - 1 - math.floor(math.log10(abs(x))))}f}"


def layout(value, entry, style: int) -> str:
    if not isinstance(value, list):
        return entry(value)
    if isinstance(value[0], list):
        rows = [[entry(x) for x in r] for r in value]
        if style % 2:
            return "[" + "; ".join(" ".join(r) for r in rows) + "]"
        return "[" + ", ".join("[" + ", ".join(r) + "]" for r in rows) + "]"
    cells = [entry(x) for x in value]
    return ["[" + ", ".join(cells) + "]", ", ".join(cells), " ".join(cells)][style % 3]


def expression(problem, part, x: float) -> str:
    """The softmax or a loss written from ``given``, else a fraction of e."""
    g = problem.given
    if "logits" in g and part.asks.startswith("softmax["):
        zs = g["logits"]
        i = int(part.asks[8:-1])
        return f"e^({zs[i]})/({'+'.join(f'e^({z})' for z in zs)})"
    if "logits" in g and part.asks == "loss":
        zs = g["logits"]
        return f"ln({'+'.join(f'e^({z})' for z in zs)}) - ({zs[g['y']]})"
    if problem.family == "bce" and part.asks == "loss":
        terms = [f"ln({p})" if y else f"ln(1-{p})" for p, y in zip(g["p"], g["y"])]
        return f"-({' + '.join(terms)})/{len(terms)}"
    if isinstance(x, float):
        return f"{x / math.e:.6f}*e"
    return layout(x, lambda v: f"{v / math.e:.6f}e", 0)


def answer(kind: str, problem, part, rng: random.Random) -> str:
    a, style = part.answer, rng.randrange(6)
    if kind == "decimal":
        return layout(a, dec, style)
    if kind == "scientific":
        return layout(a, lambda v: f"{v:.4e}", style)
    if kind == "fraction":
        return layout(a, lambda v: str(Fraction(v).limit_denominator(10**5)), style)
    if kind == "expression":
        return expression(problem, part, a)
    if kind == "mistake":
        wrongs = [m.answers[part.label] for m in problem.mistakes if part.label in m.answers]
        return layout(rng.choice(wrongs) if wrongs else a, dec, style)
    if kind == "sign":
        return layout(a, lambda v: dec(-v), style)
    if kind == "rounded":
        return layout(a, lambda v: dec(v, 1), style)
    return rng.choice(UNREADABLE)


def build_mix(n_problems: int, seed: int = 1) -> list[tuple]:
    rng = random.Random(seed)
    kinds = [k for k, w in MIX for _ in range(w)]
    cases = []
    fams = registry.ids()
    for i in range(n_problems):
        problem = registry.generate(fams[i % len(fams)], i, DIFFICULTIES[i // len(fams) % 3])
        for part in problem.parts:
            kind = rng.choice(kinds)
            cases.append((kind, problem, part.label, answer(kind, problem, part, rng)))
    rng.shuffle(cases)
    return cases


def rate(cases: list[tuple], rounds: int) -> tuple[float, float]:
    """(best, median) answers per second over ``rounds`` passes through ``cases``.

    The best round is the figure, as ``timeit`` advises: other programs on a shared
    machine only ever slow a round down. The median shows how steady it was.
    """
    rates = []
    for _ in range(rounds):
        start = time.perf_counter()
        for _, problem, label, text in cases:
            grade_part(problem, label, text)
        rates.append(len(cases) / (time.perf_counter() - start))
    rates.sort()
    return rates[-1], rates[len(rates) // 2]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--problems", type=int, default=600)
    ap.add_argument("--rounds", type=int, default=15)
    args = ap.parse_args()
    cases = build_mix(args.problems)
    kinds = Counter(c[0] for c in cases)
    print(
        f"mix: {len(cases)} answers to {args.problems} problems: "
        + ", ".join(f"{k} {kinds[k]}" for k, _ in MIX)
    )
    for kind, _ in MIX:
        best, _ = rate([c for c in cases if c[0] == kind], 5)
        print(f"  {kind:<11} {best:>10,.0f} answers/s")
    best, median = rate(cases, args.rounds)
    print(f"median of {args.rounds} rounds: {median:,.0f} answers/s")
    print(
        f"read + graded: {best:,.0f} answers/s (best of {args.rounds} rounds; "
        f"{best / TARGET:.1f}x the target of {TARGET:,}/s)"
    )


if __name__ == "__main__":
    main()
