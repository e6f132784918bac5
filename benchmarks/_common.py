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
# The same, with the problems' figures left out (the families draw none): what the
# figures cost, measured in the same checkout. Benchmarks only: nnquiz has no such switch.
NO_FIGURES = [
    sys.executable,
    "-c",
    "import sys; import nnquiz.problems.family as f; f.Built.figures = property(lambda b: ()); "
    "from nnquiz.cli import main; sys.exit(main())",
]


def compile_bytecode(root: Path = ROOT) -> None:
    """Write the checkout's .pyc files, as ``pip install`` does for an installed copy.

    Where PYTHONDONTWRITEBYTECODE is set (this development machine sets it), no run
    writes them, and every measured run would compile the modules it imports first.
    """
    import compileall

    compileall.compile_dir(root / "nnquiz", quiet=1)


def env(root: Path = ROOT) -> dict[str, str]:
    path = os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH")]))
    return {**os.environ, "PYTHONPATH": path, "PYTHONIOENCODING": "utf-8"}


def nnquiz(*args: str, root: Path = ROOT, command=NNQUIZ, **kwargs) -> subprocess.Popen:
    """Start ``nnquiz ARGS`` (this checkout, or the copy at ``root``) with stdout on a pipe."""
    return subprocess.Popen(
        [*command, *args], env=env(root), cwd=root, stdout=subprocess.PIPE, **kwargs
    )


def baseline(rev: str | None, folder: Path) -> tuple[Path, str]:
    """nnquiz as it was at ``rev``, unpacked into ``folder`` (bytecode written), and the
    commit's short name. By default the commit before figures were added (the parent of
    the first commit that has ``nnquiz/figures/``): main's code before figures, to run
    beside this checkout in the same run on the same machine."""

    def git(*args: str) -> str:
        r = subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True)
        if r.returncode != 0:
            sys.exit(f"git {' '.join(args)} failed: {r.stderr.strip()}")
        return r.stdout.strip()

    if rev is None:
        added = git("log", "--diff-filter=A", "--format=%H", "--", "nnquiz/figures/__init__.py")
        rev = f"{added.splitlines()[-1]}^" if added else "HEAD"
    short = git("rev-parse", "--short", rev)
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", rev, "nnquiz"], capture_output=True, check=True
    )
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)
    compile_bytecode(folder)
    return folder, short


def median(values: list[float]) -> float:
    return statistics.median(values)


def load() -> str:
    """The machine's load average, so a reader can judge a noisy figure."""
    try:
        one, five, _ = os.getloadavg()
    except OSError:
        return "load average unknown"
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} cores"


def check_output(args: list[str], what: str, root: Path = ROOT) -> None:
    """Fail loudly when a command under test fails (a benchmark of an error is no figure)."""
    r = subprocess.run(args, env=env(root), cwd=root, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"{what} failed ({r.returncode}): {r.stderr.strip()}")
