"""``nnquiz export``: options, summary, errors, atomic writes and increasing timestamps."""

from __future__ import annotations

import os
import sqlite3
import zipfile
from pathlib import Path

import pytest

from nnquiz.export import ExportOptions, export, generate_problems, plan
from nnquiz.export.package import deck_id, previous_timestamp
from nnquiz.problems import registry
from nnquiz.problems.model import DIFFICULTIES


def notes_in(path: Path) -> list[tuple[str, str, int]]:
    """(guid, tags, mod) of every note in a package, read straight from its SQLite."""
    with zipfile.ZipFile(path) as z:
        assert set(z.namelist()) == {"collection.anki2", "media"}
        db = z.extract("collection.anki2", path.parent / "x")
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT guid, tags, mod FROM notes ORDER BY id").fetchall()
    finally:
        conn.close()


def test_plan_follows_the_registry():
    specs = plan(ExportOptions())
    assert [f for f, _, _ in specs[:: 3 * 5]] == registry.ids()
    assert {(f, d) for f, d, _ in specs} == {(f, d) for f in registry.ids() for d in DIFFICULTIES}
    some = plan(
        ExportOptions(variants=2, families=("bce", "forward"), difficulties=("hard",), seed=9)
    )
    assert some == [
        ("forward", "hard", 9),
        ("forward", "hard", 10),
        ("bce", "hard", 9),
        ("bce", "hard", 10),
    ]


def test_default_export_and_summary(tmp_path, cli):
    r = cli("export", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    path = tmp_path / "nnquiz.apkg"
    assert path.exists() and r.stderr == ""
    lines = r.stdout.splitlines()
    assert lines[0].startswith("Wrote nnquiz.apkg: ") and "problems)" in lines[0]
    for fam in registry.families():
        (row,) = [x for x in lines if x.strip().startswith(f"nnquiz::{fam.topic} ")]
        assert int(row.split()[-1]) == 3 * 5 * sum(
            f.topic == fam.topic for f in registry.families()
        )
    assert [p.name for p in tmp_path.iterdir()] == ["nnquiz.apkg"]  # no temporary left


def test_options_select_families_difficulties_and_seeds(tmp_path, cli):
    out = tmp_path / "d.apkg"
    r = cli(
        "export",
        "-o",
        str(out),
        "--family",
        "bce",
        "--family",
        "softmax,fgsm",
        "--difficulty",
        "easy",
        "--variants",
        "2",
        "--seed",
        "40",
        "--no-concepts",
    )
    assert r.returncode == 0, r.stderr
    tags = [t for _, t, _ in notes_in(out)]
    assert len(tags) == 3 * 2
    assert all("nnquiz::difficulty::easy" in t for t in tags)
    families = sorted({t.split("nnquiz::family::")[1].split()[0] for t in tags})
    assert families == ["bce", "fgsm", "softmax"]


def test_same_options_give_the_same_guids(tmp_path, cli):
    a, b = tmp_path / "a.apkg", tmp_path / "b.apkg"
    for p in (a, b):
        assert cli("export", "-o", str(p), "--variants", "1").returncode == 0
    assert [g for g, _, _ in notes_in(a)] == [g for g, _, _ in notes_in(b)]
    assert len({g for g, _, _ in notes_in(a)}) == len(notes_in(a))


def test_timestamp_grows_even_within_one_second(tmp_path):
    path = tmp_path / "d.apkg"
    specs = plan(ExportOptions(variants=1, families=("bce",)))
    first = export(path, [], specs, now=lambda: 1_700_000_000.0)
    second = export(path, [], specs, now=lambda: 1_700_000_000.5)
    assert second.timestamp >= first.timestamp + 1
    assert previous_timestamp(path) == int(second.timestamp)
    assert {m for _, _, m in notes_in(path)} == {int(second.timestamp)}


def test_failed_export_leaves_the_old_deck_untouched(tmp_path):
    path = tmp_path / "d.apkg"
    specs = plan(ExportOptions(variants=2, families=("bce",)))
    export(path, [], specs)
    before = path.read_bytes()

    def failing_source(specs):
        yield from list(generate_problems(specs))[:2]
        raise RuntimeError("generation failed half way")

    with pytest.raises(RuntimeError):
        export(path, [], specs, source=failing_source)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["d.apkg"]


def test_failed_first_export_leaves_nothing(tmp_path):
    path = tmp_path / "new.apkg"

    def failing_source(specs):
        raise RuntimeError("no problems today")
        yield  # pragma: no cover

    with pytest.raises(RuntimeError):
        export(path, [], plan(ExportOptions(variants=1)), source=failing_source)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_unwritable_folder_is_a_clear_error(tmp_path, cli):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        r = cli("export", "-o", str(locked / "d.apkg"))
    finally:
        locked.chmod(0o700)
    assert r.returncode == 2
    assert r.stderr.startswith("nnquiz: error: cannot write") and "Traceback" not in r.stderr


@pytest.mark.skipif(not Path("/sys").is_dir(), reason="needs Linux /sys")
def test_folder_nobody_may_write_is_a_clear_error(cli):
    r = cli("export", "-o", "/sys/nnquiz-test.apkg", "--variants", "0")
    assert r.returncode == 2
    assert r.stderr.startswith("nnquiz: error: cannot write /sys/nnquiz-test.apkg: ")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", "{tmp}/missing/d.apkg"], "folder {tmp}/missing does not exist"),
        (["-o", "{tmp}/d.txt"], "must end in .apkg"),
        (["-o", "{tmp}"], "must end in .apkg"),
        (["-o", "{tmp}/dir.apkg"], "is a folder"),
        (["-o", "{tmp}/d.apkg", "--family", "nope"], "unknown family 'nope'"),
        (["-o", "{tmp}/d.apkg", "--difficulty", "extreme"], "unknown difficulty 'extreme'"),
        (["-o", "{tmp}/d.apkg", "--variants", "-1"], "--variants must be between"),
        (["-o", "{tmp}/d.apkg", "--seed", "-3"], "--seed must be between"),
        (["-o", "{tmp}/d.apkg", "--variants", "0", "--no-concepts"], "nothing to export"),
        (["-o", "{tmp}/d.apkg", "--cards", "{tmp}/nocards"], "cannot read cards"),
    ],
)
def test_bad_input_gets_one_line(tmp_path, cli, args, message):
    (tmp_path / "dir.apkg").mkdir()
    r = cli("export", *[a.format(tmp=tmp_path) for a in args])
    assert r.returncode == 2, r.stdout
    assert r.stderr.startswith("nnquiz: error: ")
    assert message.format(tmp=tmp_path) in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "d.apkg").exists()


def test_unwritable_existing_file(tmp_path, cli):
    path = tmp_path / "d.apkg"
    path.write_bytes(b"not a deck")
    path.chmod(0o400)
    r = cli("export", "-o", str(path), "--variants", "0")
    if os.geteuid() == 0:  # root may replace a read-only file: then it must be a deck
        assert r.returncode == 0 and zipfile.is_zipfile(path)
    else:
        assert r.returncode == 2 and "read-only" in r.stderr
        assert path.read_bytes() == b"not a deck"


def test_deck_ids_are_fixed_and_distinct():
    names = ["nnquiz", "nnquiz::Backpropagation", "nnquiz::Concepts"]
    ids = [deck_id(n) for n in names]
    assert ids == [deck_id(n) for n in names] and len(set(ids)) == 3
    assert all(1 << 30 <= i < 1 << 31 for i in ids)


def test_help(cli):
    r = cli("export", "--help")
    assert r.returncode == 0
    for option in ("--output", "--variants", "--family", "--difficulty", "--seed", "--cards"):
        assert option in r.stdout


def test_no_progress_bar_when_stderr_is_not_a_terminal(tmp_path, cli):
    """Over 200 problems would show a bar on a terminal; a pipe gets nothing."""
    r = cli("export", "-o", str(tmp_path / "d.apkg"), "--family", "backprop",
            "--variants", "70", "--no-concepts")  # fmt: skip
    assert r.returncode == 0
    assert r.stderr == ""
    assert r.stdout.startswith(f"Wrote {tmp_path / 'd.apkg'}: 210 notes (0 concept cards,")


def test_no_two_notes_ask_the_same_question(tmp_path):
    """Easy softmax has a small grid: seeds that repeat a question are replaced."""
    from nnquiz.export.deck import note_stream
    from nnquiz.export.variants import question_key

    specs = plan(ExportOptions(variants=40, families=("softmax",), difficulties=("easy",)))
    repeats = len(specs) - len({question_key(p) for p in generate_problems(specs)})
    assert repeats > 0  # the plain seeds do repeat questions
    notes = list(note_stream([], specs))
    assert len(notes) == 40
    assert len({n.fields[0] for n in notes}) == 40
    ids = [n.fields[3] for n in notes]
    assert ids[:3] == ["softmax:easy:1", "softmax:easy:2", "softmax:easy:3"]
    assert ids == [n.fields[3] for n in note_stream([], specs)]  # the same every time
    fewer = [n.fields[3] for n in note_stream([], specs[:10])]
    assert fewer == ids[: len(fewer)] and len(fewer) == 10  # more variants only add


def test_a_small_grid_is_reported_not_padded(tmp_path, cli):
    r = cli("export", "-o", str(tmp_path / "d.apkg"), "--family", "softmax",
            "--difficulty", "easy", "--variants", "400", "--no-concepts")  # fmt: skip
    assert r.returncode == 0, r.stderr
    n = int(r.stdout.split(": ", 1)[1].split()[0])
    assert 40 < n < 400
    assert r.stderr == (
        f"nnquiz: note: only {n} distinct softmax (easy) problems were found, not 400: "
        "its values come from a small grid\n"
    )
    assert len({g for g, _, _ in notes_in(tmp_path / "d.apkg")}) == n


def test_writer_refuses_a_malformed_note():
    import time

    from nnquiz.export.notes import NoteSpec
    from nnquiz.export.notetypes import CONCEPT
    from nnquiz.export.package import ApkgWriter

    good = ("front", "back", "section", "id", "topic", "", "")
    with ApkgWriter(time.time()) as w:
        w.add(NoteSpec(CONCEPT, "g1", good, ("nnquiz",), "nnquiz::T"))
        with pytest.raises(ValueError):
            w.add(NoteSpec(CONCEPT, "g2", good, ("two words",), "nnquiz::T"))
        with pytest.raises(ValueError):
            w.add(NoteSpec(CONCEPT, "g3", good[:3], ("nnquiz",), "nnquiz::T"))
        assert dict(w.counts) == {"nnquiz::T": 1}
