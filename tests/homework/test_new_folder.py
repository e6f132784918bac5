"""`nnquiz homework` into a new --out: every file is written in a hidden folder beside it,
which becomes --out by one rename (a class's 11,000 files are not renamed one by one);
into an existing --out, each file is renamed into place. Either way a failure leaves
nothing behind."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from ..conftest import ROOT
from .conftest import write
from .test_hostile_files import one_line_refusal, run_limited

TRACED = """
import json, os, sys
log = open(os.environ["TRACE_LOG"], "a")
real_rename, real_replace = os.rename, os.replace

def rename(src, dst):
    if os.environ.get("TRACE_FILL"):  # someone else's folder with a file appears at dst
        os.mkdir(dst)
        open(os.path.join(dst, "theirs.txt"), "w").close()
    real_rename(src, dst)
    log.write(json.dumps(["rename", os.path.basename(src), os.path.basename(dst)]) + "\\n")

def replace(src, dst):
    real_replace(src, dst)
    log.write(json.dumps(["replace", os.path.basename(dst)]) + "\\n")

os.rename, os.replace = rename, replace
sys.argv[0] = "nnquiz"
from nnquiz.cli import main
main()
"""


def traced(folder: Path, out: Path, fill: bool = False):
    log = folder.parent / f"{folder.name}.trace.log"
    log.unlink(missing_ok=True)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TRACE_LOG": str(log)}
    if fill:
        env["TRACE_FILL"] = "1"
    args = ["homework", str(folder / "hw.toml"), "--roster", str(folder / "roster.csv")]
    r = subprocess.run(
        [sys.executable, "-c", TRACED, *args, "--out", str(out)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    events = [json.loads(x) for x in log.read_text().splitlines()] if log.exists() else []
    return r, events


def test_a_new_folder_is_one_rename_and_an_existing_one_a_rename_a_file(tmp_path):
    write(tmp_path)
    out = tmp_path / "new" / "out"
    r, events = traced(tmp_path, out)
    assert r.returncode == 0, r.stderr
    assert len(events) == 1 and events[0][0] == "rename" and events[0][2] == "out"
    assert events[0][1].startswith(".out.nnquiz-")
    files = sorted(p.name for p in out.iterdir())
    assert "key.jsonl" in files and "s001.html" in files and not [f for f in files if f[0] == "."]
    assert sorted(p.name for p in (tmp_path / "new").iterdir()) == ["out"]
    assert out.stat().st_mode & 0o777 == 0o777 & ~_umask()
    before = {name: (out / name).read_bytes() for name in files}
    r, events = traced(tmp_path, out)  # again, into the folder it made
    assert r.returncode == 0, r.stderr
    assert {e[0] for e in events} == {"replace"} and sorted(e[1] for e in events) == files
    assert [e[1] for e in events][-2:] == ["key.jsonl", "sheets.csv"]  # they say all is done
    assert {name: (out / name).read_bytes() for name in files} == before


def test_a_folder_that_appears_at_a_new_out_meanwhile_is_left_alone(tmp_path):
    write(tmp_path)
    out = tmp_path / "out"
    r, _ = traced(tmp_path, out, fill=True)
    err = one_line_refusal(r)
    assert f"cannot write {out}:" in err and "not empty" in err
    assert [p.name for p in out.iterdir()] == ["theirs.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hw.toml", "out", "roster.csv"]


def test_a_full_disk_while_writing_into_a_new_folder_leaves_nothing(tmp_path):
    write(tmp_path)
    args = ["homework", str(tmp_path / "hw.toml"), "--roster", str(tmp_path / "roster.csv")]
    r = run_limited([*args, "--out", str(tmp_path / "a" / "b" / "out")], 9_000)
    assert "File too large" in one_line_refusal(r)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hw.toml", "roster.csv"]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
