"""Time and peak memory of ``nnquiz export`` with 10,000 numeric notes (issue 5).

Targets: under 8 s and under 300 MB peak on this machine. Each measurement runs in a
fresh Python process of its own, so each peak resident set size is that stage's alone:

- ``cli``: the real command, ``nnquiz export --no-concepts --variants V`` (V variants of
  every family and difficulty; 10,000 notes rounded up to a whole number of variants).
- ``full``: :func:`nnquiz.export.export` on exactly N notes, timing separately the time
  spent inside the problem source (generation) and the rest (notes, HTML, SQLite, zip).
- ``export only``: the same notes from problems generated beforehand (not timed): what
  export itself costs once problems are free.
- ``genanki alone``: the same, already rendered notes (fields, tags, GUIDs, decks)
  written with plain genanki (``Deck``, ``Note``, ``Package.write_to_file``): the floor.

The ratios compare each with ``genanki alone``. The problem source is one function
(``source=`` of :func:`nnquiz.export.export`); swap in a faster or parallel generator
there and this script measures it unchanged.

    python benchmarks/export.py [--notes N]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_S = 8.0
TARGET_MB = 300.0


def specs_for(n: int):
    """Exactly ``n`` problems, spread evenly over every family and difficulty."""
    from nnquiz.export import ExportOptions, plan

    combos = len(plan(ExportOptions(variants=1)))
    specs = plan(ExportOptions(variants=math.ceil(n / combos)))
    return sorted(specs, key=lambda s: s[2])[:n]


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def stage_full(n: int, out: Path) -> dict:
    from nnquiz.export import export, generate_problems

    specs = specs_for(n)
    spent = [0.0]

    def timed_source(specs):
        it = iter(generate_problems(specs))
        while True:
            t = time.perf_counter()
            try:
                p = next(it)
            except StopIteration:
                return
            finally:
                spent[0] += time.perf_counter() - t
            yield p

    t0 = time.perf_counter()
    summary = export(out, [], specs, source=timed_source)
    total = time.perf_counter() - t0
    return {"seconds": total, "generation": spent[0], "notes": summary.notes, "mb": peak_mb()}


def _problems(n: int) -> dict:
    """Every problem an export of :func:`specs_for` asks its source for (repeated
    questions and the later seeds that replace them included), generated beforehand,
    by (family, difficulty, seed)."""
    from nnquiz.export import generate_problems
    from nnquiz.export.variants import distinct
    from nnquiz.problems.registry import MAX_SEED

    made: dict = {}

    def record(specs):
        for s, p in zip(specs, generate_problems(specs)):
            made[s] = p
            yield p

    for _ in distinct(specs_for(n), record, MAX_SEED):
        pass
    return made


def stage_export_only(n: int, out: Path) -> dict:
    from nnquiz.export import export

    ready = _problems(n)
    t0 = time.perf_counter()
    summary = export(out, [], specs_for(n), source=lambda specs: (ready[s] for s in specs))
    return {"seconds": time.perf_counter() - t0, "notes": summary.notes, "mb": peak_mb()}


def stage_genanki(n: int, out: Path) -> dict:
    import genanki

    from nnquiz.export.notes import problem_note
    from nnquiz.export.notetypes import model
    from nnquiz.export.package import deck_id
    from nnquiz.export.variants import distinct
    from nnquiz.problems.registry import MAX_SEED

    ready = _problems(n)
    chosen = distinct(specs_for(n), lambda specs: (ready[s] for s in specs), MAX_SEED)
    specs = [problem_note(p) for p in chosen]
    t0 = time.perf_counter()
    decks: dict[str, genanki.Deck] = {}
    for s in specs:
        deck = decks.setdefault(s.deck, genanki.Deck(deck_id(s.deck), s.deck))
        deck.add_note(
            genanki.Note(model=model(s.kind), fields=list(s.fields), tags=list(s.tags), guid=s.guid)
        )
    genanki.Package(list(decks.values())).write_to_file(str(out))
    return {"seconds": time.perf_counter() - t0, "notes": len(specs), "mb": peak_mb()}


def stage_cli(n: int, out: Path) -> dict:
    from nnquiz.export import ExportOptions, plan

    combos = len(plan(ExportOptions(variants=1)))
    variants = math.ceil(n / combos)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = [
        sys.executable,
        "-m",
        "nnquiz",
        "export",
        "-o",
        str(out),
        "--no-concepts",
        "--variants",
        str(variants),
    ]
    t0 = time.perf_counter()
    r = subprocess.run(cmd, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    if r.returncode != 0:
        sys.exit(f"nnquiz export failed: {r.stderr.strip()}")
    mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"seconds": seconds, "notes": variants * combos, "mb": mb, "variants": variants}


STAGES = {
    "cli": stage_cli,
    "full": stage_full,
    "export": stage_export_only,
    "genanki": stage_genanki,
}


def run_stage(name: str, n: int) -> dict:
    """Run one stage in a fresh interpreter; its figures."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "bench.apkg"
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        r = subprocess.run(
            [sys.executable, __file__, "--stage", name, "--notes", str(n), "--out", str(out)],
            env=env,
            capture_output=True,
            text=True,
        )
        if r.returncode != 0:
            sys.exit(f"stage {name} failed: {r.stderr.strip()}")
        result = json.loads(r.stdout)
        result["size_mb"] = out.stat().st_size / 1e6
        return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--notes", type=int, default=10_000)
    ap.add_argument("--stage", choices=sorted(STAGES), help=argparse.SUPPRESS)
    ap.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.stage:
        print(json.dumps(STAGES[args.stage](args.notes, args.out)))
        return
    n = args.notes
    one, five, _ = os.getloadavg()
    print(
        f"nnquiz export benchmark: {n} numeric notes; load average {one:.2f} / {five:.2f} "
        f"on {os.cpu_count()} cores"
    )
    res = {name: run_stage(name, n) for name in ("genanki", "export", "full", "cli")}
    base = res["genanki"]["seconds"]
    rows = [
        ("genanki alone (rendered notes)", res["genanki"]),
        ("export only (problems given)", res["export"]),
        ("export with generation", res["full"]),
        (f"nnquiz export CLI (--variants {res['cli']['variants']})", res["cli"]),
    ]
    for label, r in rows:
        print(
            f"  {label:<40} {r['notes']:>6} notes  {r['seconds']:7.2f} s  "
            f"peak {r['mb']:6.1f} MB  file {r['size_mb']:5.1f} MB  "
            f"ratio to genanki {r['seconds'] / base:5.2f}"
        )
    full = res["full"]
    gen = full["generation"]
    print(
        f"  of 'export with generation': problem generation {gen:.2f} s "
        f"({gen / n * 1000:.2f} ms a problem), the rest {full['seconds'] - gen:.2f} s "
        f"({(full['seconds'] - gen) / n * 1000:.3f} ms a note)"
    )
    ok_time = res["cli"]["seconds"] < TARGET_S
    ok_mem = res["cli"]["mb"] < TARGET_MB
    print(
        f"target: < {TARGET_S:.0f} s: {'met' if ok_time else 'NOT met'}; "
        f"< {TARGET_MB:.0f} MB: {'met' if ok_mem else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
