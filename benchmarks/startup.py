"""``nnquiz --help`` against ``python -c "import click"``, side by side.

Both commands run the same interpreter in fresh processes, interleaved (click, nnquiz,
click, nnquiz, …) so that a noisy machine slows both alike; the figure is the ratio of
the medians. Target (issue 2): at most 1.5.

    python benchmarks/startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time

from _common import NNQUIZ, ROOT, check_output, compile_bytecode, env, load, median

TARGET = 1.5


def wall(args: list[str], environ: dict[str, str]) -> float:
    t = time.perf_counter()
    subprocess.run(args, env=environ, cwd=ROOT, stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - t


def main() -> None:
    compile_bytecode()
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=60, help="runs of each command (default 60)")
    runs = ap.parse_args().runs
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        'python -c "import click"': [sys.executable, "-c", "import click"],
        "nnquiz --help": [*NNQUIZ, "--help"],
    }
    check_output(commands["nnquiz --help"], "nnquiz --help")
    environ = env()
    times: dict[str, list[float]] = {name: [] for name in commands}
    for args in commands.values():  # warm the file cache and .pyc files
        wall(args, environ)
    for _ in range(runs):
        for name, args in commands.items():
            times[name].append(wall(args, environ))
    print(f"Start-up, median of {runs} interleaved runs ({load()}):")
    for name, ts in times.items():
        print(f"  {name:<28} {median(ts) * 1e3:7.1f} ms")
    ratio = median(times["nnquiz --help"]) / median(times['python -c "import click"'])
    verdict = "meets" if ratio <= TARGET else "MISSES"
    print(f"  ratio nnquiz --help / import click: {ratio:.2f} ({verdict} the target of {TARGET})")


if __name__ == "__main__":
    main()
