"""The core imports no edge libraries and touches no global state."""

import subprocess
import sys


def test_core_imports_neither_click_genanki_fsrs_nor_sympy():
    code = (
        "import sys, nnquiz.nn, nnquiz.problems.registry as r; r.generate('backprop', 1);"
        "edges = ('click', 'genanki', 'sympy', 'fsrs', 'rich');"
        "print(sorted(m for m in edges if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip() == "[]", out.stderr


def test_generation_leaves_global_random_state_alone(tmp_path, monkeypatch):
    import random

    import numpy as np

    from nnquiz.problems import registry

    monkeypatch.chdir(tmp_path)
    np.random.seed(123)
    random.seed(123)
    before = (np.random.get_state()[1].copy(), random.getstate())
    registry.generate("backprop", 5, "hard")
    after = (np.random.get_state()[1], random.getstate())
    assert (before[0] == after[0]).all() and before[1] == after[1]
    assert list(tmp_path.iterdir()) == []


def test_the_package_version_is_written_once_in_each_place_the_same():
    import tomllib
    from pathlib import Path

    import nnquiz

    pyproject = Path(__file__).resolve().parent.parent / "pyproject.toml"
    if not pyproject.exists():  # running from an installed copy
        return
    meta = tomllib.loads(pyproject.read_text())["project"]
    assert meta["version"] == nnquiz.__version__  # made-ahead practice problems key on it
