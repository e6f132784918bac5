"""Check that a change to generation changed no output: every byte the same as at REV.

A speed-up of problem generation must not move a single problem. This script makes,
in this checkout and in a temporary worktree of REV (default ``main``), for every family
and difficulty and seeds 0…N-1:

- the JSON Lines of ``nnquiz generate FAMILY --difficulty easy,medium,hard --format json``
  (the real command line, ``--jobs 1``): statement, parts, answers, solution, mistakes;
- the HTML and Markdown the homework sheets and the key make of each problem
  (``render.mathml``: ``to_html``, ``inline_html``, ``to_markdown``), and the concept
  cards' HTML (``card_html``);
- what grading uses, ``generate(..., render=False)``: the id, parts and mistakes, which
  must be the variant the rendered problem is (same answers, same mistakes);

and compares them byte for byte, naming the first difference of each kind.

    python benchmarks/same_output.py [--base REV] [--seeds 300] [--family F ...]

It takes a few minutes (both trees run side by side, one process each).
"""

from __future__ import annotations

import argparse
import filecmp
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import ROOT, load

# Run inside each tree (PYTHONPATH = that tree): writes DIR/FAMILY.html.txt and
# DIR/FAMILY.grading.txt for the seeds, and DIR/cards.html.txt.
DUMP = r"""
import json, sys
from pathlib import Path
from nnquiz.problems import registry
from nnquiz.render import mathml

out, seeds, families = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
for family in families:
    html, grading = [], []
    for difficulty in ("easy", "medium", "hard"):
        for seed in range(seeds):
            p = registry.generate(family, seed, difficulty)
            html.append(p.id)
            html.append(mathml.to_html(p.question_latex))
            html.append(mathml.to_markdown(p.question_latex))
            for part in p.parts:
                prompt = part.prompt_latex or part.prompt
                html.append(mathml.inline_html(prompt, displaystyle=True))
                html.append(mathml.to_markdown(prompt))
            html.append(mathml.to_html(p.solution_latex))
            html.append(mathml.to_markdown(p.solution_latex))
            q = registry.generate(family, seed, difficulty, render=False)
            grading.append(json.dumps({
                "id": q.id,
                "parts": [[x.label, x.asks, x.prompt, x.prompt_latex, x.answer,
                           x.tol.to_dict(), x.weight] for x in q.parts],
                "mistakes": [[m.id, m.message, m.answers] for m in q.mistakes],
            }, ensure_ascii=False))
    (out / f"{family}.html.txt").write_text("\n".join(html), encoding="utf-8")
    (out / f"{family}.grading.txt").write_text("\n".join(grading), encoding="utf-8")
if not families or families == list(registry.ids()):
    from nnquiz import resources
    from nnquiz.concepts import load_cards
    text = [mathml.card_html(c.front) + "\n" + mathml.card_html(c.back)
            + "\n" + mathml.card_html(c.erratum) for c in load_cards(resources.cards())]
    (out / "cards.html.txt").write_text("\n".join(text), encoding="utf-8")
"""


def families(tree: Path) -> list[str]:
    code = "from nnquiz.problems import registry; print(' '.join(registry.ids()))"
    r = subprocess.run(
        [sys.executable, "-c", code], env=_env(tree), cwd=tree, capture_output=True, text=True
    )
    if r.returncode != 0:
        sys.exit(f"listing the families in {tree} failed: {r.stderr.strip()}")
    return r.stdout.split()


def _env(tree: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(tree), "PYTHONIOENCODING": "utf-8"}


def dump(tree: Path, out: Path, seeds: int, names: list[str]) -> None:
    """Every output of ``names`` for ``seeds`` seeds, made by the nnquiz in ``tree``."""
    cli = "import sys; from nnquiz.cli import main; sys.exit(main())"
    for family in names:
        args = ["generate", family, "--difficulty", "easy,medium,hard", "--count", str(seeds)]
        args += ["--seed", "0", "--format", "json", "--jobs", "1"]
        with open(out / f"{family}.jsonl", "wb") as f:
            r = subprocess.run(
                [sys.executable, "-c", cli, *args], env=_env(tree), cwd=tree, stdout=f
            )
        if r.returncode != 0:
            sys.exit(f"nnquiz {' '.join(args)} failed in {tree}")
    r = subprocess.run(
        [sys.executable, "-c", DUMP, str(out), str(seeds), *names], env=_env(tree), cwd=tree
    )
    if r.returncode != 0:
        sys.exit(f"the HTML and grading dump failed in {tree}")


def first_difference(a: Path, b: Path) -> str:
    """Where two files first differ: the line number and both lines, shortened."""
    la = a.read_text(encoding="utf-8").split("\n")
    lb = b.read_text(encoding="utf-8").split("\n")
    for k, (x, y) in enumerate(zip(la, lb)):
        if x != y:
            return f"line {k + 1}:\n    base: {x[:300]}\n    this: {y[:300]}"
    return f"one has {len(la)} lines, the other {len(lb)}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--base", default="main", help="the commit to compare with (default main)")
    ap.add_argument("--seeds", type=int, default=300, help="seeds per difficulty (default 300)")
    ap.add_argument("--family", action="append", help="only these families (repeat)")
    a = ap.parse_args()
    start = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="nnquiz-same-") as tmp:
        base = Path(tmp) / "base"
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(base), a.base],
            check=True,
        )
        try:
            names = a.family or families(ROOT)
            if names != (a.family or families(base)):
                sys.exit(f"the families differ: {families(base)} at {a.base}, {names} here")
            outs = {}
            for name, tree in (("base", base), ("this", ROOT)):
                outs[name] = Path(tmp) / f"out-{name}"
                outs[name].mkdir()
            # both trees at once: one process each (the machine has 2 cores)
            pid = os.fork()
            if pid == 0:
                try:
                    dump(base, outs["base"], a.seeds, names)
                finally:
                    os._exit(0)
            dump(ROOT, outs["this"], a.seeds, names)
            _, status = os.waitpid(pid, 0)
            if status != 0:
                sys.exit("the base tree's dump failed")
            files = sorted(p.name for p in outs["base"].iterdir())
            mine = sorted(p.name for p in outs["this"].iterdir())
            if files != mine:
                sys.exit(f"different files: base {files}, this {mine}")
            bad = 0
            for name in files:
                x, y = outs["base"] / name, outs["this"] / name
                if not filecmp.cmp(x, y, shallow=False):
                    bad += 1
                    print(f"DIFFERENT {name}: {first_difference(x, y)}")
        finally:
            subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(base)], check=False
            )
    total = len(names) * 3 * a.seeds
    took = time.monotonic() - start
    if bad:
        sys.exit(f"{bad} of {len(files)} outputs differ from {a.base}")
    print(
        f"same output as {a.base}: {len(files)} files, {len(names)} families × 3 difficulties × "
        f"{a.seeds} seeds ({total} problems, JSON, HTML, Markdown, grading; cards) "
        f"in {took:.0f} s ({load()})"
    )


if __name__ == "__main__":
    main()
