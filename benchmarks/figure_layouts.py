"""Write the table of network layouts searched ahead of time (nnquiz/figures/presets.py).

Every problem of seeds 0…SEEDS-1 of the network families, every difficulty, is
generated with the table empty, each layout search's outcome recorded (the spacing, the
gap favoured, each label's place), and the table between presets.BEGIN and presets.END
written again, its lines as ``ruff format`` writes them. Run it after a change to the
layout search or to what it reads (tests/figures/test_presets.py says when):

    python benchmarks/figure_layouts.py
"""

from __future__ import annotations

import sys

from _common import ROOT

sys.path.insert(0, str(ROOT))


def row(k: str, v: tuple) -> str:
    """A line of the table as ``ruff format`` writes it (split when over 100 long)."""
    line = f'    "{k}": {v!r},\n'
    if len(line) <= 101:
        return line
    return f'    "{k}": (\n' + "".join(f"        {x!r},\n" for x in v) + "    ),\n"


def main() -> None:
    from nnquiz.figures import network, presets
    from nnquiz.problems import registry
    from nnquiz.problems.model import DIFFICULTIES

    presets.LAYOUTS.clear()
    network._plan.cache_clear()
    presets.RECORD = found = {}
    for fam in presets.FAMILIES:
        for difficulty in DIFFICULTIES:
            for seed in range(presets.SEEDS):
                registry.generate(fam, seed, difficulty)
        print(f"{fam}: {len(found)} layouts so far", file=sys.stderr)
    rows = "".join(row(k, v) for k, v in sorted(found.items()))
    path = ROOT / "nnquiz" / "figures" / "presets.py"
    text = path.read_text(encoding="utf-8")
    head, _, rest = text.partition(f"\n{presets.BEGIN}\n")
    _, _, tail = rest.partition(presets.END)
    path.write_text(f"{head}\n{presets.BEGIN}\n{rows}{presets.END}{tail}", encoding="utf-8")
    print(f"{len(found)} layouts written to {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
