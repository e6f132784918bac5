"""Practice databases an attacker (or an accident) prepared: symbolic links that would
make nnquiz create or fill a file elsewhere, and SQLite files with triggers, views or
tables nnquiz did not make. Real files, real SQLite, the real CLI."""

from __future__ import annotations

import hashlib
import sqlite3

import pytest

from nnquiz.practice import schema
from nnquiz.practice.schema import DatabaseRefused
from nnquiz.practice.store import Store

from ..conftest import run_cli
from .test_store import bump

WIPE = "CREATE TRIGGER wipe AFTER INSERT ON reviews BEGIN DELETE FROM reviews; END"


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def practice(db, *args, input="q\n"):
    return run_cli("practice", "--db", str(db), "--new", "1", *args, input=input)


def stats(db):
    return run_cli("stats", "--db", str(db))


def one_line_error(r, *said: str) -> str:
    assert r.returncode == 2, (r.stdout, r.stderr)
    assert "Traceback" not in r.stderr and r.stderr.count("\n") == 1, r.stderr
    for s in said:
        assert s in r.stderr, r.stderr
    return r.stderr


def made(path, reviews: int = 2):
    """A real practice database with a few reviews, and its files settled (no WAL)."""
    with Store.open(path) as s:
        for _ in range(reviews):
            s.record("backprop:medium", bump())
        s.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


def plant(path, *sql: str) -> str:
    """Run ``sql`` on the file as another program would; returns the file's digest."""
    c = sqlite3.connect(path)
    try:
        for statement in sql:
            c.execute(statement)
        c.commit()
        c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        c.close()
    return digest(path)


def count_reviews(path) -> int:
    c = sqlite3.connect(path)
    try:
        return c.execute("SELECT count(*) FROM reviews").fetchone()[0]
    finally:
        c.close()


# ---------------------------------------------------------------- symbolic links


def test_a_link_to_an_empty_file_does_not_turn_that_file_into_a_database(tmp_path):
    target = tmp_path / "thesis.tex"
    target.touch()
    link = tmp_path / "practice.db"
    link.symlink_to(target)
    r = practice(link)
    one_line_error(r, "symbolic link to an empty file", str(target), "left untouched")
    assert target.stat().st_size == 0 and link.is_symlink()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["practice.db", "thesis.tex"]
    with pytest.raises(DatabaseRefused, match="link to an empty file"):
        Store.open(link)
    assert target.stat().st_size == 0


def test_a_dangling_link_is_not_followed_and_its_target_not_created(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    target = elsewhere / "made.db"
    link = tmp_path / "practice.db"
    link.symlink_to(target)
    r = practice(link)
    one_line_error(r, "symbolic link to", str(target), "does not exist")
    assert not target.exists() and list(elsewhere.iterdir()) == []
    r = stats(link)
    one_line_error(r, "no practice database", "link to", "does not exist")
    assert not target.exists()
    with pytest.raises(DatabaseRefused, match="does not create a database through a link"):
        Store.open(link)
    assert not target.exists()


def test_a_link_to_a_practice_database_is_followed(tmp_path):
    """A student who keeps the database elsewhere (a synced folder) and links to it."""
    real = made(tmp_path / "real.db")
    link = tmp_path / "practice.db"
    link.symlink_to(real)
    r = stats(link)
    assert r.returncode == 0 and "Reviews: 2" in r.stdout, r.stderr
    with Store.open(link) as s:
        s.record("backprop:medium", bump())
    assert count_reviews(real) == 3


def test_a_new_database_is_still_made_at_a_plain_path(tmp_path):
    path = tmp_path / "new.db"
    r = practice(path)
    assert r.returncode == 0, r.stderr
    assert path.is_file() and not path.is_symlink() and path.stat().st_size > 0


# ---------------------------------------------------------------- planted objects

PLANTED = {
    "trigger": (WIPE, "trigger wipe (on reviews)"),
    "view": ("CREATE VIEW everything AS SELECT * FROM reviews", "view everything"),
    "table": ("CREATE TABLE extra (x)", "table extra"),
    "index": ("CREATE INDEX by_answer ON reviews (answer)", "index by_answer (on reviews)"),
    "column": ("ALTER TABLE cards ADD COLUMN owner TEXT", "column cards.owner"),
}


@pytest.mark.parametrize("kind", sorted(PLANTED))
def test_a_database_with_what_nnquiz_did_not_make_is_refused_by_both_commands(tmp_path, kind):
    sql, named = PLANTED[kind]
    path = made(tmp_path / "p.db")
    before = plant(path, sql)
    for r in (practice(path, input="0.5\nq\n"), stats(path)):
        one_line_error(r, named, "that nnquiz did not make", "left untouched")
    assert digest(path) == before and count_reviews(path) == 2
    for opening in (Store.open, Store.open_readonly):
        with pytest.raises(DatabaseRefused, match="that nnquiz did not make"):
            opening(path)
    assert digest(path) == before


def test_the_trigger_from_the_report_wipes_nothing(tmp_path):
    """Issue 20: this trigger, accepted before, emptied the history at the next review."""
    path = made(tmp_path / "p.db", reviews=5)
    plant(path, WIPE)
    r = practice(path, "--family", "softmax", input="0.5\n0.5\nq\n")
    one_line_error(r, "trigger wipe")
    assert count_reviews(path) == 5


def test_several_planted_things_are_named_in_one_line(tmp_path):
    path = made(tmp_path / "p.db")
    plant(path, WIPE, "CREATE VIEW v AS SELECT 1", *(f"CREATE TABLE t{i} (x)" for i in range(7)))
    r = stats(path)
    err = one_line_error(r, "trigger wipe (on reviews)", "view v", "more that nnquiz")
    assert len(err) < 600


def test_a_missing_table_is_damage_not_a_traceback(tmp_path):
    path = made(tmp_path / "p.db")
    before = plant(path, "DROP TABLE prepared")
    for r in (practice(path), stats(path)):
        one_line_error(r, "damaged", "lacks table prepared")
    assert digest(path) == before


def test_what_sqlite_itself_adds_is_accepted(tmp_path):
    """``ANALYZE`` (run by a curious student, or a tool) adds SQLite's own sqlite_stat1."""
    path = made(tmp_path / "p.db")
    plant(path, "ANALYZE")
    r = stats(path)
    assert r.returncode == 0, r.stderr
    with Store.open(path) as s:
        assert len(s.reviews()) == 2


def test_a_database_nnquiz_made_and_migrated_is_accepted(tmp_path):
    """A later schema step (a test-only one here) is part of what nnquiz makes."""

    def add_note(conn):
        conn.execute("ALTER TABLE cards ADD COLUMN note TEXT NOT NULL DEFAULT ''")

    path = made(tmp_path / "p.db")
    steps = (*schema.MIGRATIONS, add_note)
    with Store.open(path, migrations=steps) as s:
        assert len(s.reviews()) == 2
    with Store.open(path, migrations=steps) as s:
        assert s.card("backprop:medium").reps == 2
    with Store.open_readonly(path, migrations=steps) as s:
        assert len(s.reviews()) == 2


def test_schema_version_0_with_tables_gets_one_diagnosis_from_both_commands(tmp_path):
    """Marked as nnquiz's but at version 0 (an empty file to nnquiz) and full of tables:
    nothing nnquiz writes. Both commands say the same (issue 14)."""
    path = made(tmp_path / "p.db")
    before = plant(path, "PRAGMA user_version = 0")
    said = {
        one_line_error(r, "that nnquiz did not make (schema 0)")
        for r in (practice(path), stats(path))
    }
    assert len(said) == 1
    assert digest(path) == before


def test_an_nnquiz_marked_file_with_nothing_in_it_is_empty_to_both_commands(tmp_path):
    path = tmp_path / "p.db"
    plant(path, f"PRAGMA application_id = {schema.APPLICATION_ID}")
    r = stats(path)
    assert r.returncode == 0 and "Reviews: 0" in r.stdout, r.stderr
    r = practice(path)
    assert r.returncode == 0, r.stderr
    with Store.open_readonly(path) as s:
        assert s.conn.execute("PRAGMA user_version").fetchone()[0] == schema.VERSION
