"""Problems per second of ``nnquiz generate``, end to end, and the bare NumPy math.

Runs ``nnquiz generate backprop --difficulty medium --count 10000 --format json``
(worked solutions and figures included: JSON always carries them) in a fresh process,
reads all its output, and times it from start to exit. The same command of nnquiz at
``--baseline`` (default: main's code before figures, the commit before ``nnquiz/figures/``
was added) runs in turn with it, run for run, in the same process of measuring, so that
both see the machine at the same speed (issue 15: with figures, no slower than before
them). Then a NumPy-only loop computes the same 10,000 variants' answers from their
``given`` (forward pass, backward pass, pick the entries asked; no drawing, no
redrawing, no mistakes, no rendering) and checks that they agree with nnquiz's. Target
(issue 2): at least 2,000 problems per second.

    python benchmarks/generate.py [--count N] [--runs N] [--jobs N] [--baseline REV|none]
"""

from __future__ import annotations

import argparse
import json
import re
import tempfile
import time
from pathlib import Path

import numpy as np
from _common import ROOT, baseline, compile_bytecode, load, median, nnquiz

TARGET = 2000
ENTRY = re.compile(r"^dL/d([Wb])(\d)(?:\[(\d+)(?:,(\d+))?\])?$")


def run_cli(count: int, jobs: int | None, root: Path = ROOT) -> tuple[float, list[str]]:
    args = ["generate", "backprop", "--difficulty", "medium", "--count", str(count)]
    args += ["--format", "json", "--seed", "0"]
    if jobs is not None:
        args += ["--jobs", str(jobs)]
    t = time.perf_counter()
    proc = nnquiz(*args, root=root)
    out = proc.stdout.read()
    if proc.wait() != 0:
        raise SystemExit(f"nnquiz {' '.join(args)} failed with status {proc.returncode}")
    seconds = time.perf_counter() - t
    lines = out.decode("utf-8").splitlines()
    if len(lines) != count:
        raise SystemExit(f"expected {count} problems, got {len(lines)}")
    return seconds, lines


def numpy_answers(given: dict, asks: list[str]) -> list[np.ndarray]:
    """The answers of a medium backprop problem (ReLU hidden layer, sigmoid output, BCE)."""
    (l1, l2), x, y = given["layers"], np.array(given["x"], float), given["y"]
    W1, b1 = np.array(l1["W"], float), np.array(l1["b"], float)
    W2, b2 = np.array(l2["W"], float), np.array(l2["b"], float)
    z2 = W1 @ x + b1
    h2 = np.maximum(z2, 0.0)
    z3 = W2 @ h2 + b2
    d3 = 1.0 / (1.0 + np.exp(-z3)) - y  # sigmoid + BCE: δ = ŷ − y
    d2 = (W2.T @ d3) * (z2 > 0)
    grads = {("W", 2): np.outer(d3, h2), ("b", 2): d3, ("W", 1): np.outer(d2, x), ("b", 1): d2}
    out = []
    for ask in asks:
        kind, layer, i, j = ENTRY.match(ask).groups()
        g = grads[kind, int(layer)]
        out.append(g if i is None else g[int(i)] if j is None else g[int(i), int(j)])
    return out


def numpy_loop(problems: list[tuple[dict, list[str]]]) -> tuple[float, list]:
    t = time.perf_counter()
    answers = [numpy_answers(given, asks) for given, asks in problems]
    return time.perf_counter() - t, answers


def agree(problems: list[dict], answers: list) -> None:
    for p, ours in zip(problems, answers):
        for part, a in zip(p["parts"], ours):
            want = np.asarray(part["answer"], float).reshape(np.shape(a) or ())
            if not np.allclose(a, want, rtol=1e-9, atol=1e-12):
                raise SystemExit(f"{p['id']} part {part['label']}: NumPy says {a}, nnquiz {want}")


def main() -> None:
    compile_bytecode()
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--count", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=3, help="timed runs (default 3; median)")
    ap.add_argument("--jobs", type=int, default=None, help="pass --jobs N to nnquiz")
    ap.add_argument("--baseline", default=None, help="a git revision, or none")
    a = ap.parse_args()
    print(
        f"nnquiz generate backprop --difficulty medium --count {a.count} --format json"
        + (f" --jobs {a.jobs}" if a.jobs is not None else "")
        + f" ({load()}):"
    )
    with tempfile.TemporaryDirectory() as tmp:
        base = None if a.baseline == "none" else baseline(a.baseline, Path(tmp))
        times, base_times = [], []
        for r in range(a.runs):
            seconds, lines = run_cli(a.count, a.jobs)
            times.append(seconds)
            line = f"  run {r + 1}: {seconds:6.2f} s  {a.count / seconds:7.0f} problems/s"
            if base is not None:
                before, _ = run_cli(a.count, a.jobs, base[0])
                base_times.append(before)
                line += f"   baseline {base[1]}: {before:6.2f} s  {a.count / before:7.0f}/s"
            print(line)
    rate = a.count / median(times)
    verdict = "meets" if rate >= TARGET else "MISSES"
    print(f"  median: {rate:.0f} problems/s ({verdict} the target of {TARGET})")
    if base is not None:
        before = a.count / median(base_times)
        print(
            f"  baseline {base[1]} (main before figures): {before:.0f} problems/s; "
            f"this checkout takes {median(times) / median(base_times):.3f}x its time"
        )

    problems = [json.loads(line) for line in lines]
    work = [(p["given"], [part["asks"] for part in p["parts"]]) for p in problems]
    loops = [numpy_loop(work) for _ in range(3)]
    agree(problems, loops[0][1])
    np_rate = a.count / median([s for s, _ in loops])
    print(f"NumPy-only loop over the same {a.count} variants (answers agree to 1e-9):")
    print(f"  {np_rate:.0f} problems/s")
    print(f"  ratio: nnquiz end to end takes {np_rate / rate:.1f}x the time of the NumPy loop")


if __name__ == "__main__":
    main()
