"""Shared by the benchmark scripts: run the command line of this checkout, take medians."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# What the installed ``nnquiz`` console script runs, without depending on how (or
# whether) this checkout is installed: PYTHONPATH puts the checkout first, and every
# command runs in the checkout (``python -c`` puts the working directory first).
NNQUIZ = [sys.executable, "-c", "import sys; from nnquiz.cli import main; sys.exit(main())"]


def compile_bytecode() -> None:
    """Write the checkout's .pyc files, as ``pip install`` does for an installed copy.

    Where PYTHONDONTWRITEBYTECODE is set (this development machine sets it), no run
    writes them, and every measured run would compile the modules it imports first.
    """
    import compileall

    compileall.compile_dir(ROOT / "nnquiz", quiet=1)


def env() -> dict[str, str]:
    path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    return {**os.environ, "PYTHONPATH": path, "PYTHONIOENCODING": "utf-8"}


def nnquiz(*args: str, **kwargs) -> subprocess.Popen:
    """Start ``nnquiz ARGS`` (this checkout) with stdout on a pipe."""
    return subprocess.Popen([*NNQUIZ, *args], env=env(), cwd=ROOT, stdout=subprocess.PIPE, **kwargs)


def median(values: list[float]) -> float:
    return statistics.median(values)


def load() -> str:
    """The machine's load average, so a reader can judge a noisy figure."""
    try:
        one, five, _ = os.getloadavg()
    except OSError:
        return "load average unknown"
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} cores"


def check_output(args: list[str], what: str) -> None:
    """Fail loudly when a command under test fails (a benchmark of an error is no figure)."""
    r = subprocess.run(args, env=env(), cwd=ROOT, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"{what} failed ({r.returncode}): {r.stderr.strip()}")
