"""Every card side of the full-size decks, rendered as Anki renders it, and counted.

The issue 13 measure at full size: the default export and ``--variants 20`` (each with
its concept and cloze cards), imported with the real ``anki`` package, every side
typeset by MathJax 3 as Anki loads it in headless Chromium at 390 and 800 px, light and
night (``tests/export/cardview.py``). Prints, per width and mode, how many sides are cut
off (an element wider than the card), scroll, or fail to typeset; how many problem
backs have more than 800 px after ``hr#answer`` at 390 px; how many easy and medium
fronts are taller than 800 px; and the heights. The CI test (tests/export/test_phone.py)
renders one variant of each family and difficulty; this renders everything.

    python benchmarks/cards.py [--variants 20] [--faults FILE]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from _common import env, load

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def export(path: Path, *args: str) -> None:
    cmd = [sys.executable, "-m", "nnquiz", "export", "-o", str(path), *args]
    r = subprocess.run(cmd, env=env(), cwd=ROOT, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"export failed: {r.stderr.strip()}")


def report(name: str, rendered, fault_lines: list[str]) -> None:
    from tests.export.cardview import PHONE, faults

    notes = {(k.split(":")[0], s.name) for k, s in rendered}
    kinds = defaultdict(int)
    for k, _ in notes:
        kinds[k] += 1
    print(f"\n{name}: {len(notes)} cards ({dict(kinds)}), {len(rendered)} sides measured")
    for width in sorted({s.width for _, s in rendered}):
        for mode in ("light", "night"):
            here = [(k, s) for k, s in rendered if s.width == width and s.mode == mode]
            cut = {(s.name, s.side) for k, s in here if s.wide}
            scroll = {(s.name, s.side) for k, s in here if s.scrolls}
            err = {(s.name, s.side) for k, s in here if s.errors}
            print(
                f"  {width} px {mode:5}: cut off {len(cut):3}  scroll {len(scroll):3}  "
                f"MathJax errors {len(err):3}  (of {len(here)} sides)"
            )
    phone = [(k, s) for k, s in rendered if s.width == PHONE and s.mode == "light"]
    backs = [s for k, s in phone if k.startswith("problem") and s.side == "back"]
    after = sorted(s.after_answer or 0 for s in backs)
    fronts = [s for k, s in phone if k in ("problem:easy", "problem:medium") and s.side == "front"]
    print(
        f"  problem backs after hr#answer at {PHONE} px: over 800 px {sum(a > 800 for a in after)}"
        f" of {len(after)}; median {statistics.median(after):.0f}, max {after[-1]}"
    )
    print(
        f"  easy/medium fronts at {PHONE} px: over 800 px {sum(s.height > 800 for s in fronts)}"
        f" of {len(fronts)}; median {statistics.median(s.height for s in fronts):.0f}, "
        f"max {max(s.height for s in fronts)}"
    )
    fault_lines += [f for k, s in rendered for f in faults(s, k)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--variants", type=int, default=20)
    ap.add_argument("--faults", type=Path, help="write every fault found, one a line")
    args = ap.parse_args()
    from tests.export.cardview import browser_missing, deck_sides, render_all

    missing = browser_missing()
    if missing:
        sys.exit(missing)
    print(f"Anki cards in Chromium; {load()}")
    fault_lines: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        decks = [("default export", ()), (f"--variants {args.variants}", ("--variants",))]
        for k, (name, extra) in enumerate(decks):
            extra = (*extra, str(args.variants)) if extra else ()
            path = folder / f"deck{k}.apkg"
            export(path, *extra)
            t = time.perf_counter()
            rendered = render_all(deck_sides(path, folder))
            report(name, rendered, fault_lines)
            print(f"  rendered in {time.perf_counter() - t:.0f} s")
    print(f"\nfaults: {len(fault_lines)}")
    for line in fault_lines[:20]:
        print("  " + line)
    if args.faults:
        args.faults.write_text("".join(f + "\n" for f in fault_lines), encoding="utf-8")


if __name__ == "__main__":
    main()
