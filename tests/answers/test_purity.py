"""The answers package is pure: no edge libraries, no NumPy for reading, no I/O."""

import json
import subprocess
import sys

from ..conftest import ROOT

EDGE = ("click", "genanki", "sympy", "fsrs", "rich", "numpy")


def imported_after(code: str) -> list[str]:
    found = f"[m for m in {EDGE!r} if m in sys.modules]"
    probe = f"import json, sys\n{code}\nprint(json.dumps({found}))"
    out = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT)},
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_reading_needs_nothing_but_the_standard_library():
    assert imported_after("from nnquiz.answers import read; read('e^2/(1+e^2)')") == []


def test_grading_imports_no_edge_library():
    code = (
        "from nnquiz.answers import grade\n"
        "from nnquiz.problems import registry\n"
        "p = registry.generate('softmax', 1)\n"
        "grade(p, {'a': '[0.1, 0.2, 0.7]'})"
    )
    assert imported_after(code) == ["numpy"]  # only what the problem families use
