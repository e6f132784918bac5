"""``nnquiz practice``: time to the first problem, and time to grade an answer.

1. Time from starting ``nnquiz practice`` to its first problem on screen (the answer
   prompt has appeared, so the whole problem was printed before it), against
   ``python -c "import numpy"``, side by side: the two commands alternate, so a noisy
   machine slows both alike, and the figure is the ratio of the medians. Target: 1.5.
   Measured for a day with due reviews (the usual session: its first problem was made
   ahead during the last session), on a terminal (a pseudo-terminal, styled output)
   and with piped input, and for the very first session on a new database.
2. Time from an answer typed (the line written to the session's input) to its feedback
   printed: the verdict and, on a miss, the whole worked solution. Target: 50 ms.
   Every other answer is wrong. The first answer of a session waits a second, as a
   person does, while the rest of nnquiz loads in the background.

    python benchmarks/practice.py [--runs N] [--answers N]
"""

from __future__ import annotations

import argparse
import os
import pty
import re
import select
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import compile_bytecode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PROMPT = re.compile(
    rb"(Enter shows the answer|4 easy(?: \S+)?|answer|\([a-z]\)) \xe2\x80\xba "
    rb"(\x01?\x1b\[0m\x02?)?$"
)
HEADER = re.compile(rb"\[([a-z_]+:[a-z0-9:]+)\] ")
DAY0 = "2026-03-02T09:00:00+00:00"
DAY3 = "2026-03-05T09:00:00+00:00"
# the timed sessions keep to these families, so that their first item is a problem
FAMILIES = ("perceptron", "neuron", "forward", "backprop", "softmax")
ONLY = tuple(a for f in FAMILIES for a in ("--family", f))


def env(home: Path, now: str) -> dict:
    path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    return {**os.environ, "PYTHONPATH": path, "PYTHONIOENCODING": "utf-8", "TZ": "UTC",
            "NNQUIZ_HOME": str(home), "NNQUIZ_NOW": now}  # fmt: skip


class Session:
    """``nnquiz practice`` in a subprocess, on pipes or on a pseudo-terminal."""

    def __init__(self, home: Path, now: str, tty: bool = False, args: tuple = ONLY):
        cmd = [sys.executable, "-m", "nnquiz", "practice", *args]
        self.t0 = time.perf_counter()
        if tty:
            main, sub = pty.openpty()
            self.proc = subprocess.Popen(cmd, stdin=sub, stdout=sub, stderr=sub, env=env(home, now))
            os.close(sub)
            self.fd_in = self.fd_out = main
        else:
            self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                         env=env(home, now))  # fmt: skip
            self.fd_in, self.fd_out = self.proc.stdin.fileno(), self.proc.stdout.fileno()
        self.buf = b""

    def until(self, pattern: re.Pattern) -> re.Match:
        while True:
            m = pattern.search(self.buf)
            if m:
                return m
            select.select([self.fd_out], [], [], 60)
            chunk = os.read(self.fd_out, 65536)
            if not chunk:
                raise SystemExit(f"practice ended early:\n{self.buf.decode(errors='replace')}")
            self.buf += chunk

    def prompt(self) -> tuple[str, str]:
        """Wait for a prompt: (the id shown last, the part label, '' or the card's)."""
        m = self.until(PROMPT)
        ids = HEADER.findall(self.buf[: m.start()])
        label = m.group(1).decode().strip("()")
        self.buf = self.buf[m.end() :]
        return (ids[-1].decode() if ids else ""), ("" if label == "answer" else label)

    def send(self, line: str) -> None:
        os.write(self.fd_in, (line + "\n").encode())

    def quit(self) -> None:
        self.send("q")
        self.proc.wait(timeout=60)
        if self.fd_out == self.fd_in:
            os.close(self.fd_out)


def typed(answer, right: bool) -> str:
    if isinstance(answer, list):
        return "[" + ", ".join(typed(a, right) for a in answer) + "]"
    return repr(float(answer) if right else float(answer) * 3 + 7)


def answer_all(s: Session, right: bool, wait: float = 0.0) -> float:
    """Answer the problem on screen; seconds from the last part sent to its feedback."""
    from nnquiz.problems import registry

    pid, _ = s.prompt()
    problem = registry.show(pid)
    time.sleep(wait)
    for i, part in enumerate(problem.parts):
        if i:
            s.prompt()
        t = time.perf_counter()
        s.send(typed(part.answer, right))
    end = r"next review [^\n]*\n" if right else re.escape(problem.solution_text.split("\n")[-1])
    s.until(re.compile(end.encode()))
    return time.perf_counter() - t


def history(home: Path, reviews: int = 12) -> None:
    """A first session on DAY0: answers right, so cards graduate and are due by DAY3."""
    s = Session(home, DAY0)
    for _ in range(reviews):
        answer_all(s, True)
    s.quit()


def first_problem(home: Path, now: str, tty: bool, args: tuple = ONLY) -> float:
    s = Session(home, now, tty, args)
    s.prompt()
    dt = time.perf_counter() - s.t0
    s.quit()
    return dt


def new_home() -> Path:
    return Path(tempfile.mkdtemp(prefix="nnquiz-bench-"))


def import_numpy() -> float:
    t = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import numpy"], check=True)
    return time.perf_counter() - t


def startup(runs: int) -> None:
    home = Path(tempfile.mkdtemp(prefix="nnquiz-bench-"))
    history(home)
    cases = {
        'python -c "import numpy"': import_numpy,
        "practice, due reviews, terminal": lambda: first_problem(home, DAY3, True),
        "practice, due reviews, piped": lambda: first_problem(home, DAY3, False),
        "practice, first session ever": lambda: first_problem(new_home(), DAY0, False),
        "  the same, first item a concept card": lambda: first_problem(new_home(), DAY0, False, ()),
    }
    times: dict[str, list[float]] = {k: [] for k in cases}
    for f in cases.values():  # warm the file cache and .pyc files
        f()
    for _ in range(runs):
        for name, f in cases.items():
            times[name].append(f())
    base = statistics.median(times['python -c "import numpy"'])
    print(f"Time to the first problem, median of {runs} interleaved runs ({load()}):")
    for name, ts in times.items():
        m = statistics.median(ts)
        print(f"  {name:<34} {m * 1e3:7.1f} ms   ratio {m / base:.2f}")
    print("  target: ratio at most 1.5 (the first two practice lines are the usual session;")
    print("  the timed sessions keep to 5 families with --family, so a problem comes first,")
    print("  except in the last line, where a new student starts with a concept card)")


def grading(answers: int) -> None:
    """Every other answer wrong; a miss waits a minute (its learning step) before it comes
    back, so the session has every family, and new skills enough for every answer."""
    from nnquiz.problems import registry

    home = Path(tempfile.mkdtemp(prefix="nnquiz-bench-"))
    every = tuple(a for f in registry.ids() for a in ("--family", f))
    s = Session(home, DAY0, args=(*every, "--new", str(answers + 10)))
    first = answer_all(s, False, wait=1.0)
    hits, misses = [], []
    for i in range(answers):
        (hits if i % 2 else misses).append(answer_all(s, bool(i % 2)))
    s.quit()
    allt = hits + misses
    print(f"Answer to feedback on screen, {len(allt)} answers ({load()}):")
    for name, ts in (("right answers", hits), ("wrong answers", misses)):
        med, top = statistics.median(ts) * 1e3, max(ts) * 1e3
        print(f"  {name}  median {med:6.1f} ms, max {top:6.1f} ms")
    print("  (a wrong answer's feedback includes the whole worked solution)")
    print(f"  first answer of the session (after 1 s of reading): {first * 1e3:.1f} ms")
    print("  target: at most 50 ms")


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} cores"


def main() -> None:
    compile_bytecode()
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=20, help="runs of each start-up case")
    ap.add_argument("--answers", type=int, default=30, help="answers timed")
    args = ap.parse_args()
    startup(args.runs)
    print()
    grading(args.answers)


if __name__ == "__main__":
    main()
