"""Write the starter problems (see the package docstring): ``python -m
nnquiz.practice.starters`` rewrites every file from what this nnquiz generates.

Seeds are walked in order from FIRST_SEED (inside practice's seed range), and a seed
whose question repeats an earlier one is skipped, so a pool holds COUNT different
problems (fewer for a family with fewer easy problems, such as vanishing).
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..ahead import MAX_SEED
from ..prepared import to_json
from . import DIFFICULTY, FOLDER

COUNT = 8  # problems a family (the 17 files come to about 0.6 MB)
FIRST_SEED = 100_001
SEEDS = 200  # seeds tried a family before settling for fewer than COUNT
COMMAND = "python -m nnquiz.practice.starters"

assert FIRST_SEED + SEEDS <= MAX_SEED


def problems(family: str) -> list:
    """The starter problems of ``family``: COUNT different questions, in seed order."""
    from ...problems import registry

    out, questions = [], set()
    for seed in range(FIRST_SEED, FIRST_SEED + SEEDS):
        p = registry.generate(family, seed, DIFFICULTY)
        question = (p.question_text, tuple(part.prompt for part in p.parts))
        if question not in questions:
            questions.add(question)
            out.append(p)
            if len(out) == COUNT:
                break
    return out


def text(family: str) -> str:
    """The content of ``family``'s file: one problem's JSON a line."""
    return "".join(to_json(p) + "\n" for p in problems(family))


def families() -> list[str]:
    from ...problems.builtin import BUILTIN_MODULES

    return list(BUILTIN_MODULES)


def write(folder: Path = FOLDER) -> list[Path]:
    """Rewrite every family's file in ``folder``; files of other families go."""
    wanted = {folder / f"{f}.jsonl": text(f) for f in families()}
    for old in folder.glob("*.jsonl"):
        if old not in wanted:
            old.unlink()
    for path, content in wanted.items():
        path.write_text(content, encoding="utf-8", newline="\n")
    return list(wanted)


def main() -> None:
    paths = write()
    size = sum(p.stat().st_size for p in paths)
    print(f"wrote {len(paths)} files of starter problems to {FOLDER} ({size / 1e6:.2f} MB)")
    sys.stdout.flush()
