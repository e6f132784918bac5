"""Peak memory of ``nnquiz generate`` over 100,000 problems: generation streams.

Runs ``nnquiz generate backprop --difficulty medium --count 100000 --format json`` and
reads (and discards) its output while it runs. Every 50 ms it reads, from Linux /proc,
the memory of the command and of every process under it (its workers): each one's peak
resident set size (RSS), and the peaks of their summed RSS and summed PSS. The summed
PSS is the figure checked against the target (issue 2: under 150 MB); RSS counts the
pages the processes share (Python, NumPy) once per process. It also prints the summed
RSS at each tenth of the output: memory that stays flat as problems stream out is
memory that does not grow with the count.

    python benchmarks/memory.py [--count N] [--jobs N]
"""

from __future__ import annotations

import argparse
import os
import threading
import time
from pathlib import Path

from _common import compile_bytecode, load, nnquiz

TARGET_MB = 150


def children(pid: int) -> list[int]:
    """Every process below ``pid`` (Linux)."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        for task in Path(f"/proc/{p}/task").glob("*/children"):
            try:
                kids = [int(k) for k in task.read_text().split()]
            except OSError:
                continue
            out += kids
            todo += kids
    return out


def field_kb(path: str, field: str) -> int:
    """A ``Field:  123 kB`` line of a /proc file (0 when the process is gone)."""
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class Watch(threading.Thread):
    """Polls a process tree: each process's peak RSS (VmHWM), and the peaks of the
    tree's summed RSS and summed PSS (proportional set size: a page shared by k
    processes counts 1/k in each, so the sum is the memory the tree really uses)."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.done = pid, threading.Event()
        self.peaks: dict[int, int] = {}
        self.rss = self.pss = 0

    def tree(self) -> list[int]:
        return [self.pid, *children(self.pid)]

    def tree_rss_kb(self) -> int:
        return sum(field_kb(f"/proc/{p}/status", "VmRSS") for p in self.tree())

    def run(self) -> None:
        while not self.done.is_set():
            pids = self.tree()
            for p in pids:
                self.peaks[p] = max(self.peaks.get(p, 0), field_kb(f"/proc/{p}/status", "VmHWM"))
            self.rss = max(self.rss, sum(field_kb(f"/proc/{p}/status", "VmRSS") for p in pids))
            pss = sum(field_kb(f"/proc/{p}/smaps_rollup", "Pss") for p in pids)
            self.pss = max(self.pss, pss)
            time.sleep(0.05)


def main() -> None:
    compile_bytecode()
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--count", type=int, default=100_000)
    ap.add_argument("--jobs", type=int, default=None, help="pass --jobs N to nnquiz")
    a = ap.parse_args()
    args = ["generate", "backprop", "--difficulty", "medium", "--count", str(a.count)]
    args += ["--format", "json", "--seed", "0"]
    if a.jobs is not None:
        args += ["--jobs", str(a.jobs)]
    print(f"nnquiz {' '.join(args)} ({load()}):")
    t = time.perf_counter()
    proc = nnquiz(*args)
    watch = Watch(proc.pid)
    watch.start()
    lines, tenth, nbytes = 0, max(1, a.count // 10), 0
    for line in proc.stdout:
        lines += 1
        nbytes += len(line)
        if lines % tenth == 0:
            print(f"  {lines:>9} problems: {watch.tree_rss_kb() / 1024:6.1f} MB resident (RSS)")
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t
    watch.done.set()
    watch.join()
    if status != 0 or lines != a.count:
        raise SystemExit(f"nnquiz failed (status {status}, {lines} of {a.count} problems)")
    main_peak = max(usage.ru_maxrss, watch.peaks.get(proc.pid, 0)) / 1024
    others = sorted((kb / 1024 for p, kb in watch.peaks.items() if p != proc.pid), reverse=True)
    print(f"  {lines} problems, {nbytes / 1e6:.0f} MB of JSON in {seconds:.1f} s")
    print(f"  peak RSS of the command: {main_peak:.1f} MB")
    if others:
        shown = ", ".join(f"{mb:.1f}" for mb in others)
        print(f"  peak RSS of its {len(others)} helper processes: {shown} MB")
        print(f"  sum of those peaks: {main_peak + sum(others):.1f} MB (counts shared pages twice)")
    print(f"  peak of all processes' summed RSS: {watch.rss / 1024:.1f} MB")
    total = watch.pss / 1024
    verdict = "meets" if total < TARGET_MB else "MISSES"
    print(f"  peak of all processes' summed PSS: {total:.1f} MB", end=" ")
    print(f"({verdict} the target of {TARGET_MB} MB)")


if __name__ == "__main__":
    main()
