"""Write the starter problems (see the package docstring): ``python -m
nnquiz.practice.starters`` rewrites every file from what this nnquiz generates.

Seeds are walked in order from FIRST_SEED (inside practice's seed range), and a seed
whose question repeats an earlier one is skipped, so a pool holds COUNTS[difficulty]
different problems (fewer for a family with fewer problems, such as vanishing at easy).
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..ahead import MAX_SEED
from ..prepared import to_json
from . import DIFFICULTIES, FOLDER
from . import path as file_of

# problems a family and difficulty: every new skill starts at easy; medium and hard
# starters serve the first session after an upgrade (the 51 files: about 1.1 MB)
COUNTS = {"easy": 8, "medium": 4, "hard": 4}
FIRST_SEED = 100_001
SEEDS = 200  # seeds tried a skill before settling for fewer than its count
COMMAND = "python -m nnquiz.practice.starters"

assert FIRST_SEED + SEEDS <= MAX_SEED


def problems(family: str, difficulty: str) -> list:
    """The starter problems of a skill: COUNTS[difficulty] different questions, in seed
    order."""
    from ...problems import registry

    out, questions = [], set()
    for seed in range(FIRST_SEED, FIRST_SEED + SEEDS):
        p = registry.generate(family, seed, difficulty)
        question = (p.question_text, tuple(part.prompt for part in p.parts))
        if question not in questions:
            questions.add(question)
            out.append(p)
            if len(out) == COUNTS[difficulty]:
                break
    return out


def text(family: str, difficulty: str) -> str:
    """The content of a skill's file: one problem's JSON a line."""
    return "".join(to_json(p) + "\n" for p in problems(family, difficulty))


def families() -> list[str]:
    from ...problems.families import BUILTIN_MODULES

    return list(BUILTIN_MODULES)


def write(folder: Path = FOLDER) -> list[Path]:
    """Rewrite every family's file in ``folder``; files of other families go."""
    wanted = {folder / file_of(f, d).name: text(f, d) for f in families() for d in DIFFICULTIES}
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
