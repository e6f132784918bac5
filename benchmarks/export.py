"""Time and peak memory of ``nnquiz export`` with 10,000 numeric notes (issue 5).

Targets: under 8 s and under 300 MB peak on this machine. First (not timed as export)
the script finds N distinct problems spread over every family and difficulty, the way
``nnquiz export`` picks them (a question that repeats an earlier one is replaced by a
later seed), and times that generation. Then each measurement runs in a fresh Python
process of its own, so each peak resident set size is that stage's alone:

- ``genanki alone``: the same, already rendered notes (fields, tags, GUIDs, decks)
  written with plain genanki (``Deck``, ``Note``, ``Package.write_to_file``).
- ``export only``: :func:`nnquiz.export.export` with the problems generated beforehand:
  what export itself costs (HTML, notes, SQLite, zip) once problems are free.
- ``export with generation``: the same call generating its problems, with the time spent
  inside the problem source measured separately.
- ``nnquiz export CLI``: the real command, ``--no-concepts --variants V`` with V the
  smallest number of variants that gives at least N notes.

Ratios compare each with ``genanki alone``. The problem source is one function
(``source=`` of :func:`nnquiz.export.export`); swap a faster or parallel generator in
there and this script measures it unchanged.

    python benchmarks/export.py [--notes N]
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import os
import pickle
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import compile_bytecode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's nnquiz, however (or whether) it is installed
TARGET_S = 8.0
TARGET_MB = 300.0


def choose(n: int) -> tuple[list, int, float]:
    """N distinct problems as export would pick them, the variants V that give them,
    and the seconds spent generating (every problem generated once)."""
    from nnquiz.export import ExportOptions, generate_problems, plan
    from nnquiz.export.variants import distinct
    from nnquiz.problems.registry import MAX_SEED

    made: dict = {}
    spent = 0.0

    def cached(specs):
        nonlocal spent
        for s in specs:
            if s not in made:
                t = time.perf_counter()
                made[s] = next(iter(generate_problems([s])))
                spent += time.perf_counter() - t
            yield made[s]

    combos = len(plan(ExportOptions(variants=1)))
    variants = math.ceil(n / combos)
    while True:
        chosen = list(distinct(plan(ExportOptions(variants=variants)), cached, MAX_SEED))
        if len(chosen) >= n:
            return chosen[:n], variants, spent
        variants += math.ceil((n - len(chosen)) / combos) + 1


def peak_mb() -> float:
    """This process's peak resident set size (VmHWM: since exec, unlike ru_maxrss, which
    also counts what the parent had when it forked)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class _Spec:
    """Just what stage_full reads of a problem."""

    def __init__(self, family: str, difficulty: str, seed: int):
        self.family, self.difficulty, self.seed = family, difficulty, seed


def _specs(problems) -> list:
    return [(p.family, p.difficulty, p.seed) for p in problems]


def stage_genanki(problems, variants: int, out: Path) -> dict:
    import genanki

    from nnquiz.export.notes import problem_note
    from nnquiz.export.notetypes import model
    from nnquiz.export.package import deck_id

    notes = [problem_note(p) for p in problems]
    t0 = time.perf_counter()
    decks: dict[str, genanki.Deck] = {}
    for s in notes:
        deck = decks.setdefault(s.deck, genanki.Deck(deck_id(s.deck), s.deck))
        deck.add_note(
            genanki.Note(model=model(s.kind), fields=list(s.fields), tags=list(s.tags), guid=s.guid)
        )
    genanki.Package(list(decks.values())).write_to_file(str(out))
    return {"seconds": time.perf_counter() - t0, "notes": len(notes), "mb": peak_mb()}


def stage_export(problems, variants: int, out: Path) -> dict:
    from nnquiz.export import export

    ready = {(p.family, p.difficulty, p.seed): p for p in problems}
    t0 = time.perf_counter()
    summary = export(out, [], list(ready), source=lambda specs: (ready[s] for s in specs))
    return {"seconds": time.perf_counter() - t0, "notes": summary.notes, "mb": peak_mb()}


def stage_full(problems, variants: int, out: Path) -> dict:
    from nnquiz.export import export, generate_problems

    specs = _specs(problems)
    del problems
    spent = 0.0

    def timed(specs):
        nonlocal spent
        for s in specs:
            t = time.perf_counter()
            p = next(iter(generate_problems([s])))
            spent += time.perf_counter() - t
            yield p

    t0 = time.perf_counter()
    summary = export(out, [], specs, source=timed)
    total = time.perf_counter() - t0
    return {"seconds": total, "generation": spent, "notes": summary.notes, "mb": peak_mb()}


def stage_cli(problems, variants: int, out: Path) -> dict:
    del problems
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "nnquiz", "export", "-o", str(out), "--no-concepts",
           "--variants", str(variants)]  # fmt: skip
    t0 = time.perf_counter()
    r = subprocess.run(cmd, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    if r.returncode != 0:
        sys.exit(f"nnquiz export failed: {r.stderr.strip()}")
    notes = int(r.stdout.split(": ", 1)[1].split()[0])  # "Wrote F: N notes (…)"
    mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"seconds": seconds, "notes": notes, "mb": mb}


STAGES = {"genanki": stage_genanki, "export": stage_export, "full": stage_full, "cli": stage_cli}


def run_stage(name: str, data: Path) -> dict:
    """Run one stage in a fresh interpreter; its figures."""
    out = data.parent / f"{name}.apkg"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    r = subprocess.run(
        [sys.executable, __file__, "--stage", name, "--data", str(data), "--out", str(out)],
        env=env, capture_output=True, text=True,
    )  # fmt: skip
    if r.returncode != 0:
        sys.exit(f"stage {name} failed: {r.stderr.strip()}")
    result = json.loads(r.stdout)
    result["size_mb"] = out.stat().st_size / 1e6
    return result


def main() -> None:
    compile_bytecode()
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--notes", type=int, default=10_000)
    ap.add_argument("--stage", choices=sorted(STAGES), help=argparse.SUPPRESS)
    ap.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.stage:
        plan = json.loads(args.data.with_suffix(".json").read_text())
        if args.stage in ("genanki", "export"):
            problems = pickle.loads(args.data.read_bytes())
            # The garbage collector would walk these ready-made problems again and again
            # (a real export streams them); keep that cost out of the figures.
            gc.collect()
            gc.freeze()
        else:  # these generate their own problems: do not hold them in memory
            problems = [_Spec(*s) for s in plan["specs"]]
        print(json.dumps(STAGES[args.stage](problems, plan["variants"], args.out)))
        return
    n = args.notes
    one, five, _ = os.getloadavg()
    print(f"nnquiz export benchmark: {n} numeric notes; load average {one:.2f} / {five:.2f} "
          f"on {os.cpu_count()} cores")  # fmt: skip
    problems, variants, gen_s = choose(n)
    print(f"  generating {n} distinct problems (any order, once each): {gen_s:.2f} s, "
          f"{gen_s / n * 1000:.2f} ms a problem")  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "problems.pickle"
        data.write_bytes(pickle.dumps(problems))
        plan = {"specs": _specs(problems), "variants": variants}
        data.with_suffix(".json").write_text(json.dumps(plan))
        del problems
        res = {name: run_stage(name, data) for name in STAGES}
    base = res["genanki"]["seconds"]
    rows = [
        ("genanki alone (rendered notes)", res["genanki"]),
        ("export only (problems given)", res["export"]),
        ("export with generation", res["full"]),
        (f"nnquiz export CLI (--variants {variants})", res["cli"]),
    ]
    for label, r in rows:
        print(f"  {label:<40} {r['notes']:>6} notes  {r['seconds']:7.2f} s  "
              f"peak {r['mb']:6.1f} MB  file {r['size_mb']:5.1f} MB  "
              f"ratio to genanki {r['seconds'] / base:5.2f}")  # fmt: skip
    full = res["full"]
    gen = full["generation"]
    rest = full["seconds"] - gen
    print(f"  of 'export with generation': problem source {gen:.2f} s "
          f"({gen / n * 1000:.2f} ms a problem), the rest {rest:.2f} s "
          f"({rest / n * 1000:.3f} ms a note)")  # fmt: skip
    for label, r in [("export with generation", full), ("export only", res["export"])]:
        ok_time = r["seconds"] < TARGET_S
        ok_mem = r["mb"] < TARGET_MB
        print(f"target ({label}): < {TARGET_S:.0f} s {'met' if ok_time else 'NOT met'}, "
              f"< {TARGET_MB:.0f} MB {'met' if ok_mem else 'NOT met'}")  # fmt: skip


if __name__ == "__main__":
    main()
