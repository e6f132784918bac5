"""Drive ``nnquiz practice`` like a student: a real subprocess, answers typed on a pipe.

The driver reads what the session prints until a prompt appears, looks the problem up
by the id in its header (``nnquiz show`` gives the same numbers), and types a right or
a wrong answer, part by part.
"""

from __future__ import annotations

import os
import re
import select
import signal
import subprocess
import sys
import time

from ..conftest import ROOT
from .student import right, wrong

PROMPT = re.compile(r"(\((\w+)\) › |answer › |Enter shows the answer › |4 easy( \S+)? › )$")
HEADER = re.compile(r"^\[([^\]]+)\] ", re.M)


def practice_env(home, now: str | None = None, **extra) -> dict:
    path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "PYTHONPATH": path, "TZ": "UTC"}
    env.update({"NNQUIZ_HOME": str(home), **extra})
    env.pop("NNQUIZ_NOW", None)
    if now:
        env["NNQUIZ_NOW"] = now
    return env


RUNNING: list[Driver] = []  # closed after each test (tests/practice/conftest.py)


class Driver:
    def __init__(self, home, *args: str, now: str | None = None, **env):
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "nnquiz", "practice", *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=practice_env(home, now, **env),
        )
        self.buffer = ""
        self.transcript = ""
        self.last: str | None = None  # the id in the last header seen
        self.cards: list[str] = []  # concept cards rated on the way
        RUNNING.append(self)

    def read_until(self, pattern: re.Pattern, timeout: float = 120) -> re.Match | None:
        """Read output until ``pattern`` matches the text so far (None at the end)."""
        fd = self.proc.stdout.fileno()
        deadline = time.monotonic() + timeout
        while True:
            m = pattern.search(self.buffer)
            if m:
                return m
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"no {pattern.pattern!r} in output:\n{self.buffer[-2000:]}")
            ready, _, _ = select.select([fd], [], [], left)
            if not ready:
                continue
            chunk = os.read(fd, 65536)
            if not chunk:
                return None
            text = chunk.decode("utf-8", errors="replace")
            self.buffer += text
            self.transcript += text

    def prompt(self) -> tuple[str | None, str] | None:
        """Wait for the next prompt: (the problem id shown last, the prompt) or None."""
        m = self.read_until(PROMPT)
        if m is None:
            return None
        shown = HEADER.findall(self.buffer[: m.start()])
        self.buffer = self.buffer[m.end() :]
        if shown:
            self.last = shown[-1]
        return self.last, m.group(1)

    def send(self, line: str) -> None:
        self.proc.stdin.write((line + "\n").encode())
        self.proc.stdin.flush()

    def answer(self, correct: bool = True) -> str | None:
        """Answer the next problem (every part); returns its id, None when it is over.

        Concept cards met on the way are revealed and rated good (counted in ``cards``);
        when only cards in their learning steps are left, the session is ended (a real
        clock would have to wait for them).
        """
        from nnquiz.problems import registry

        while True:
            got = self.prompt()
            if got is None:
                return None
            pid, prompt = got
            if prompt.startswith("Enter"):
                self.send("")
            elif prompt.startswith("4 easy"):
                self.send("3")
                self.cards.append(pid)
            elif prompt.endswith("ends the session › "):
                self.send("")  # a card in its learning steps is left: end, do not wait
            else:
                break
        problem = registry.show(pid)
        for i, part in enumerate(problem.parts):
            if i:
                self.prompt()
            self.send((right if correct else wrong)(part.answer))
        return pid

    def interrupt(self) -> None:
        self.proc.send_signal(signal.SIGINT)

    def finish(self, timeout: float = 60) -> tuple[int, str, str]:
        """Close the input, wait, and return (exit status, all output, stderr)."""
        try:
            self.proc.stdin.close()
        except BrokenPipeError:
            pass
        self.proc.stdin = None  # closed: communicate() must not flush it
        rest, err = self.proc.communicate(timeout=timeout)
        self.transcript += rest.decode("utf-8", errors="replace")
        return self.proc.returncode, self.transcript, err.decode("utf-8", errors="replace")

    def close(self) -> None:
        """Stop the session if a failed test left it running, and close its pipes."""
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(timeout=60)
        for stream in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            if stream is not None:
                stream.close()
