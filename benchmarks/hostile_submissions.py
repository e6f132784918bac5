"""Grading a hostile submissions file just under the 200 MB limit: peak memory and time.

The file (written once into a temporary folder) holds about 10.7 million rows of what a
broken export or a hostile one might: ids not on the roster (half the rows), the same
answer again and again for one student, questions that do not exist, and parts named
for another question. ``nnquiz grade`` reads it a line at a time, so its memory should
not grow with the file (target: under 300 MB for 200 MB; it held every row before, 1.5
GB for 50 MB), and its summary lists the first 20 of each kind and counts the rest.

    python benchmarks/hostile_submissions.py [--megabytes 199]

Prints the file's size and rows, the command's wall and CPU time, its peak resident
set size (the child's ru_maxrss: this script starts no other child), and the length
of what it printed.
"""

from __future__ import annotations

import argparse
import random
import resource
import subprocess
import tempfile
import time
from pathlib import Path

from _common import NNQUIZ, compile_bytecode, env

TARGET_MB = 300


def write_file(path: Path, megabytes: float) -> int:
    """A submissions file of about ``megabytes`` MB; the number of rows."""
    limit = int(megabytes * 1_000_000)
    rng = random.Random(20)
    rows = size = 0
    with path.open("w", encoding="utf-8") as f:
        f.write("student_id,question,answer\n")
        while size < limit:
            rows += 1
            r = rng.random()
            if r < 0.5:
                line = f"x{rows},1,0.5\n"
            elif r < 0.8:
                line = f"s001,1,[0.1, 0.2, {rows}]\n"
            elif r < 0.9:
                line = f"s002,9,{rows}\n"
            else:
                line = f"s002,1c,{rows}\n"
            f.write(line)
            size += len(line)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--megabytes", type=float, default=199)
    args = parser.parse_args()
    compile_bytecode()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "hw.toml").write_text(
            'title = "Hostile"\nsecret = "s"\n[[questions]]\nfamily = "softmax"\n'
            '[[questions]]\nfamily = "cross_entropy"\n'
        )
        (folder / "roster.csv").write_text("student_id\ns001\ns002\n")
        subs = folder / "subs.csv"
        rows = write_file(subs, args.megabytes)
        size = subs.stat().st_size
        command = [*NNQUIZ, "grade", "hw.toml", "subs.csv", "--roster", "roster.csv"]
        command += ["--out", "grades.csv"]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        r = subprocess.run(command, cwd=folder, env=env(), capture_output=True, text=True)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    peak = after.ru_maxrss / 1024
    print(f"file: {size / 1e6:.1f} MB, {rows:,} rows")
    print(f"exit status {r.returncode}; wall {wall:.1f} s, CPU {cpu:.1f} s")
    print(f"peak RSS: {peak:.0f} MB (target < {TARGET_MB} MB)")
    print(f"printed: {len(r.stdout.splitlines())} lines, {len(r.stdout):,} characters")
    print("last lines:")
    for line in r.stdout.splitlines()[-6:]:
        print(f"  {line}")


if __name__ == "__main__":
    main()
