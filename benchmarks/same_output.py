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

    python benchmarks/same_output.py [--base REV] [--this REV] [--seeds 300] [--family F ...]

``--this REV`` checks a commit (a temporary worktree of it) instead of this checkout's
files, so that the checkout can change while the check runs. It takes a few minutes
(both trees run side by side, one process each).
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


def git(*args: str, check: bool = True) -> None:
    subprocess.run(["git", "-C", str(ROOT), *args], check=check)


def worktree(path: Path, rev: str) -> Path:
    """A temporary worktree of ``rev`` at ``path`` (removed when the check ends)."""
    git("worktree", "add", "--detach", "-q", str(path), rev)
    return path


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
    ap.add_argument("--this", help="the commit to check (default: this checkout's files)")
    ap.add_argument("--seeds", type=int, default=300, help="seeds per difficulty (default 300)")
    ap.add_argument("--family", action="append", help="only these families (repeat)")
    a = ap.parse_args()
    start = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="nnquiz-same-") as tmp:
        trees = {"base": worktree(Path(tmp) / "base", a.base)}
        trees["this"] = worktree(Path(tmp) / "this", a.this) if a.this else ROOT
        try:
            names = a.family or families(trees["this"])
            if names != (a.family or families(trees["base"])):
                sys.exit(f"the families differ: {families(trees['base'])} at {a.base}, {names}")
            outs = {name: Path(tmp) / f"out-{name}" for name in trees}
            for out in outs.values():
                out.mkdir()
            # both trees at once: one process each (the machine has 2 cores)
            pid = os.fork()
            if pid == 0:
                code = 1
                try:
                    dump(trees["base"], outs["base"], a.seeds, names)
                    code = 0
                finally:
                    os._exit(code)
            dump(trees["this"], outs["this"], a.seeds, names)
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
            for tree in trees.values():
                if tree != ROOT:
                    git("worktree", "remove", "--force", str(tree), check=False)
    total = len(names) * 3 * a.seeds
    took = time.monotonic() - start
    if bad:
        sys.exit(f"{bad} of {len(files)} outputs differ from {a.base}")
    print(
        f"{a.this or 'this checkout'}: same output as {a.base}: {len(files)} files, "
        f"{len(names)} families × 3 difficulties × {a.seeds} seeds ({total} problems: "
        "JSON, HTML, Markdown, grading; cards) "
        f"in {took:.0f} s ({load()})"
    )


if __name__ == "__main__":
    main()
