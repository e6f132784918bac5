"""``nnquiz practice`` in a real terminal: a tmux pane of a chosen size, keys typed into
it, the screen read back (what a student sees, wrapped and resized by a terminal).

tmux runs on its own socket in the test's folder, so it never touches another tmux. On
a developer's machine without tmux these tests are skipped; in CI (``CI=true``, whose
``.ci/run`` installs it) they fail.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import time

import pytest

from ..conftest import ROOT
from .driver import practice_env

DONE = "[session over, status "


def need_tmux() -> str:
    tmux = shutil.which("tmux")
    if tmux is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("tmux is not installed (CI installs it in .ci/run)")
        pytest.skip("tmux is not installed")
    return tmux


class Pane:
    """One ``nnquiz practice`` (or any nnquiz command) running in a tmux pane."""

    def __init__(self, home, args, width=100, height=35, now=None, **env):
        self.tmux = need_tmux()
        self.socket = str(home / "tmux.sock")
        full = practice_env(home, now, **{"PAGER": "cat", **env})
        full.pop("TMUX", None)
        full.pop("COLUMNS", None)
        full.pop("LINES", None)
        command = " ".join(shlex.quote(a) for a in [sys.executable, "-m", "nnquiz", *args])
        script = f'{command}; echo "{DONE}$?]"; exec sleep 3600'
        self._run(
            "new-session", "-d", "-s", "p", "-x", str(width), "-y", str(height),
            "-c", str(ROOT), "sh", "-c", script, env=full,
        )  # fmt: skip
        self._run("set-option", "-t", "p", "history-limit", "5000")

    def _run(self, *args: str, env: dict | None = None) -> str:
        out = subprocess.run(
            [self.tmux, "-S", self.socket, *args],
            capture_output=True, text=True, env=env, timeout=30, check=True,
        )  # fmt: skip
        return out.stdout

    def type(self, line: str) -> None:
        """Type ``line`` and Enter."""
        if line:
            self._run("send-keys", "-t", "p", "-l", line)
        self._run("send-keys", "-t", "p", "Enter")

    def resize(self, width: int, height: int | None = None) -> None:
        size = ["-x", str(width)] + (["-y", str(height)] if height else [])
        self._run("resize-window", "-t", "p", *size)
        time.sleep(0.2)  # SIGWINCH reaches the program

    def text(self) -> str:
        """Everything printed so far, each line as the program wrote it (lines the
        terminal wrapped are joined again), trailing blanks dropped."""
        out = self._run("capture-pane", "-p", "-J", "-t", "p", "-S", "-")
        return "\n".join(line.rstrip() for line in out.split("\n")).rstrip("\n")

    def rows(self) -> list[str]:
        """The rows of the window as they are on screen now."""
        return self._run("capture-pane", "-p", "-t", "p").split("\n")

    def wait_for(self, pattern: str, after: int = 0, timeout: float = 60) -> str:
        """Wait until ``pattern`` (a regex) appears in the text past offset ``after``;
        returns the whole text."""
        deadline = time.monotonic() + timeout
        while True:
            text = self.text()
            if re.search(pattern, text[after:]):
                return text
            if time.monotonic() > deadline:
                raise TimeoutError(f"no {pattern!r} on screen:\n{text[-3000:]}")
            time.sleep(0.1)

    def close(self) -> None:
        subprocess.run([self.tmux, "-S", self.socket, "kill-server"], capture_output=True)
