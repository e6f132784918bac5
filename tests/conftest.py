"""Shared test helpers: run the real CLI in a subprocess."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def pytest_configure(config) -> None:
    """The tests stand in for a terminal: the Ctrl-C they send reaches the nnquiz they
    started. A shell starts a background job (``pytest … &`` in a script, no job
    control) with Ctrl-C ignored, and a child inherits that: its Python never installs
    KeyboardInterrupt, and ``generate`` ran its 100,000 problems to the end instead of
    stopping (the Ctrl-C test's 60 s "hang" under load, seen since 2026-12-05)."""
    if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)


def run_cli(
    *args: str, input: str | None = None, env: dict | None = None, cwd=None, timeout: float = 120
) -> subprocess.CompletedProcess:
    """``python -m nnquiz ARGS`` as a real subprocess (text mode, UTF-8)."""
    # The checkout under test comes first, whatever the working directory.
    path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    full_env = {**os.environ, "PYTHONIOENCODING": "utf-8", "PYTHONPATH": path, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "nnquiz", *args],
        input=input,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=full_env,
        cwd=cwd,
        timeout=timeout,
    )


@pytest.fixture
def cli():
    return run_cli
