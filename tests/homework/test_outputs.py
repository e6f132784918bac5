"""Where `nnquiz grade` writes, and how: an --out that names no file, folders made part
way, the order of the renames (the gradebook last), the folder synced after a durable
rename, a rename that fails part way, and a batch left without commit; file names
worked out once per command, and one helper of each kind."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from nnquiz.homework import names
from nnquiz.homework.files import Batch
from nnquiz.homework.names import safe_names

from ..conftest import ROOT
from .test_hostile_files import grade, one_line_refusal, snapshot

LONG = "x" * 300  # longer than a file name may be (255 bytes)


@pytest.mark.parametrize("out", [".", "/", ""])
def test_an_out_that_names_a_folder_is_one_line(made, tmp_path, out):
    subs = tmp_path / "subs.csv"
    subs.write_text("student_id,question,answer\ns001,1,0.5\n")
    before = snapshot(tmp_path)
    r = grade(made, subs, "--out", out)
    assert "is a folder; give a file name" in one_line_refusal(r)
    assert snapshot(tmp_path) == before


def test_an_out_in_a_folder_with_too_long_a_name_is_one_line(made, tmp_path):
    subs = tmp_path / "subs.csv"
    subs.write_text("student_id,question,answer\ns001,1,0.5\n")
    err = one_line_refusal(grade(made, subs, "--out", str(tmp_path / LONG / "g.csv")))
    assert "File name too long" in err


def test_folders_made_before_one_that_cannot_be_made_are_removed(made, tmp_path):
    # "new" is made, then "new/xxx…" fails: "new" must not be left behind
    subs = tmp_path / "subs.csv"
    subs.write_text("student_id,question,answer\ns001,1,0.5\n")
    before = snapshot(tmp_path)
    r = grade(
        made, subs, "--out", str(tmp_path / "g.csv"), "--feedback", str(tmp_path / "new" / LONG)
    )
    assert "cannot create the folder: File name too long" in one_line_refusal(r)
    assert not (tmp_path / "new").exists()
    assert snapshot(tmp_path) == before


# The CLI run for real, with os.replace and os.fsync logged (and one rename made to fail)
TRACED = """
import json, os, sys
log = open(os.environ["TRACE_LOG"], "a", encoding="utf-8")
fail = os.environ.get("TRACE_FAIL")
real_replace, real_fsync = os.replace, os.fsync

def replace(src, dst):
    if fail and os.path.basename(dst) == fail:
        raise PermissionError(13, "Permission denied")
    real_replace(src, dst)
    log.write(json.dumps(["replace", os.path.realpath(dst)]) + "\\n")
    log.flush()

def fsync(fd):
    real_fsync(fd)
    log.write(json.dumps(["fsync", os.readlink(f"/proc/self/fd/{fd}")]) + "\\n")
    log.flush()

os.replace, os.fsync = replace, fsync
sys.argv[0] = "nnquiz"
from nnquiz.cli import main
main()
"""

linux = pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="reads /proc/self/fd")


def traced(made: Path, tmp_path: Path, fail: str | None = None):
    subs = tmp_path / "subs.csv"
    subs.write_text("student_id,question,answer\ns001,1,0.5\ns002,1,0.25\n")
    log = tmp_path.parent / f"{tmp_path.name}.log"
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "PYTHONIOENCODING": "utf-8",
        "TRACE_LOG": str(log),
        **({"TRACE_FAIL": fail} if fail else {}),
    }
    args = ["grade", str(made / "hw.toml"), str(subs), "--roster", str(made / "roster.csv")]
    args += ["--out", str(tmp_path / "g.csv"), "--feedback", str(tmp_path / "fb")]
    r = subprocess.run(
        [sys.executable, "-c", TRACED, *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
    )
    events = (
        [json.loads(line) for line in log.read_text("utf-8").splitlines()] if log.exists() else []
    )
    return r, events


@linux
def test_the_gradebook_is_renamed_last_and_its_folder_synced(made, tmp_path):
    r, events = traced(made, tmp_path)
    assert r.returncode == 0, r.stderr
    renamed = [Path(p).name for kind, p in events if kind == "replace"]
    pages = [f"s00{k}{ext}" for k in (1, 2, 3) for ext in (".md", ".html")]
    assert renamed == [*pages, "texgyretermes-math.otf", "index.csv", "g.summary.txt", "g.csv"]
    folder = str(tmp_path.resolve())
    after = events[events.index(["replace", str((tmp_path / "g.csv").resolve())]) :]
    assert ["fsync", folder] in after  # the rename itself is on disk


@linux
def test_a_rename_that_fails_part_way_keeps_the_gradebook_and_names_what_was_replaced(
    made, tmp_path
):
    (tmp_path / "g.csv").write_text("the old gradebook\n")
    r, events = traced(made, tmp_path, fail="g.summary.txt")
    err = one_line_refusal(r)
    assert "cannot write" in err and "g.summary.txt: Permission denied" in err
    assert "8 of 10 files were already replaced" in err and str(tmp_path / "fb" / "s001.md") in err
    assert "and 5 more" in err and "the others are as they were" in err
    assert (tmp_path / "g.csv").read_text() == "the old gradebook\n"  # never half a batch
    assert not (tmp_path / "g.summary.txt").exists()
    assert not [p for p in tmp_path.rglob(".*") if p.is_file()]  # no temporary left


def test_a_batch_left_without_commit_leaves_nothing(tmp_path):
    (tmp_path / "old.txt").write_text("old\n")
    with Batch() as batch:
        batch.folder(tmp_path / "a" / "b", "--out")
        batch.write(tmp_path / "a" / "b" / "new.txt", "new\n")
        batch.write(tmp_path / "old.txt", "replaced\n")
        staged = batch.open(tmp_path / "open.txt")
        staged.write("half")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.txt"]
    assert (tmp_path / "old.txt").read_text() == "old\n"


def test_a_committed_batch_keeps_the_folders_it_made(tmp_path):
    with Batch() as batch:
        batch.folder(tmp_path / "a" / "b", "--out")
        batch.write(tmp_path / "a" / "b" / "new.txt", "new\n", durable=True)
        batch.commit()
    assert (tmp_path / "a" / "b" / "new.txt").read_text() == "new\n"
    assert [p.name for p in (tmp_path / "a" / "b").iterdir()] == ["new.txt"]


# One of each: file names and why they differ from the ids, one path resolver


COUNTED = """
import atexit, os, sys
import nnquiz.homework.names as names
calls = []
real = names.safe_names

def safe_names(ids):
    calls.append(1)
    return real(ids)

names.safe_names = safe_names
atexit.register(lambda: open(os.environ["COUNT_TO"], "w").write(str(len(calls))))
sys.argv[0] = "nnquiz"
from nnquiz.cli import main
main()
"""


def safe_names_calls(tmp_path: Path, *args: str) -> int:
    count = tmp_path / "calls.txt"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COUNT_TO": str(count)}
    r = subprocess.run(
        [sys.executable, "-c", COUNTED, *args], capture_output=True, text=True, env=env, timeout=120
    )
    assert r.returncode == 0, r.stderr
    return int(count.read_text())


def test_file_names_are_worked_out_once_per_command(made, tmp_path):
    hw, roster = str(made / "hw.toml"), str(made / "roster.csv")
    assert (
        safe_names_calls(tmp_path, "homework", hw, "--roster", roster, "--out", str(tmp_path / "o"))
        == 1
    )
    subs = tmp_path / "subs.csv"
    subs.write_text("student_id,question,answer\ns001,1,0.5\n")
    out = ["--out", str(tmp_path / "g.csv"), "--feedback", str(tmp_path / "fb")]
    assert safe_names_calls(tmp_path, "grade", hw, str(subs), "--roster", roster, *out) == 1


def test_the_names_come_with_why_they_differ_from_the_ids():
    stems, why = safe_names(["s001", "S001", "../x", "ok"])
    assert stems["ok"] == "ok" and set(why) == {"s001", "S001", "../x"}
    assert why["s001"].startswith("differs from 'S001' only in case")
    assert why["../x"] == "is not a safe file name"


def test_one_helper_of_each():
    from nnquiz.homework import build, files, keyfile, report

    assert not hasattr(report, "_real") and not hasattr(build, "_same")  # files.real
    assert not hasattr(files, "write_atomic") and not hasattr(files, "make_folder")
    assert not hasattr(names, "renamed_why")
    source = Path(keyfile.__file__).read_text("utf-8")
    assert source.count("import registry") == 1 and "registry import" not in source


def test_files_opened_last_are_renamed_after_the_others(tmp_path, monkeypatch):
    # homework opens key.jsonl and sheets.csv first but renames them last: present, they
    # say that every sheet was written
    from nnquiz.homework import files

    order = []
    real_replace = os.replace
    monkeypatch.setattr(
        files.os, "replace", lambda a, b: (order.append(Path(b).name), real_replace(a, b))[1]
    )
    with Batch() as batch:
        index = batch.open(tmp_path / "index.csv", last=True)
        index.write("id\n")
        batch.write(tmp_path / "a.md", "a\n")
        batch.write(tmp_path / "b.md", "b\n")
        batch.commit()
    assert order == ["a.md", "b.md", "index.csv"]
    assert (tmp_path / "index.csv").read_text() == "id\n"
