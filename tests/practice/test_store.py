"""The practice database: a real SQLite file, its schema, migrations, refusals, undo and
concurrent writers."""

import hashlib
import os
import sqlite3
import subprocess
import sys
import textwrap

import pytest

from nnquiz.errors import UserError
from nnquiz.practice import schema
from nnquiz.practice.schema import DatabaseRefused
from nnquiz.practice.store import CardRow, ReviewRow, Store

from ..conftest import ROOT


def card(key="backprop:medium", reps=1, due=100.0):
    return CardRow(key, "problem", "backprop", "medium", 1, due, "{}", reps, 0, 0, 50.0, 50.0)


def review(key="backprop:medium", t=50.0, correct=True):
    return ReviewRow(key, t, "backprop:7", '{"a": "0.25"}', correct, 1.0, 12.5, 3, 0, "")


def bump(key="backprop:medium"):
    """A decide function: one more rep on card ``key``, and a review of it."""

    def decide(row):
        reps = (row.reps if row else 0) + 1
        return card(key, reps), review(key)

    return decide


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_new_database_is_nnquiz_s_current_schema_in_wal_mode(tmp_path):
    path = tmp_path / "p.db"
    with Store.open(path) as s:
        c = s.conn
        assert c.execute("PRAGMA application_id").fetchone()[0] == schema.APPLICATION_ID
        assert c.execute("PRAGMA user_version").fetchone()[0] == schema.VERSION
        assert c.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert c.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
        tables = {r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert {"cards", "reviews", "meta", "prepared"} <= tables
        indexes = c.execute("SELECT sql FROM sqlite_master WHERE name = 'cards_due'").fetchone()
        assert "due" in indexes[0]


def test_reviews_persist_across_connections(tmp_path):
    path = tmp_path / "p.db"
    with Store.open(path) as s:
        s.record("backprop:medium", bump())
        s.record("backprop:medium", bump())
    with Store.open(path) as s:
        assert s.card("backprop:medium").reps == 2
        rows = s.reviews()
        assert len(rows) == 2 and rows[0].answer == '{"a": "0.25"}' and rows[0].duration == 12.5
        assert rows[0].rating == 3 and rows[0].problem == "backprop:7" and rows[0].correct


def test_undo_restores_the_card_and_removes_the_review(tmp_path):
    with Store.open(tmp_path / "p.db") as s:
        first = s.record("backprop:medium", bump())
        assert first.before is None
        second = s.record("backprop:medium", bump())
        assert s.undo(second)
        assert s.card("backprop:medium") == first.after and len(s.reviews()) == 1
        assert s.undo(first)
        assert s.card("backprop:medium") is None and s.reviews() == []
        assert not s.undo(first)  # already undone


def test_undo_refuses_when_another_session_reviewed_the_card_since(tmp_path):
    path = tmp_path / "p.db"
    with Store.open(path) as a, Store.open(path) as b:
        mine = a.record("backprop:medium", bump())
        b.record("backprop:medium", bump())
        assert not a.undo(mine)
        assert a.card("backprop:medium").reps == 2 and len(a.reviews()) == 2


def test_a_review_uses_up_the_problem_made_ahead(tmp_path):
    with Store.open(tmp_path / "p.db") as s:
        s.prepare("backprop:medium", "backprop:7", "{}", "stamp")
        s.prepare("softmax:easy", "softmax:easy:3", "{}", "stamp")
        s.record("backprop:medium", bump())  # its review is of backprop:7
        assert s.prepared("backprop:medium") is None
        assert s.prepared("softmax:easy") == ("softmax:easy:3", "{}", "stamp")


def test_an_empty_file_becomes_a_database(tmp_path):
    path = tmp_path / "p.db"
    path.touch()
    with Store.open(path) as s:
        s.record("backprop:medium", bump())
    assert path.stat().st_size > 0


@pytest.mark.parametrize(
    "content",
    [b"hello, this is my thesis\n", b"\x00" * 5000, b"SQLite format 2\x00" + b"\x01" * 200],
)
def test_a_file_that_is_not_sqlite_is_refused_and_left_untouched(tmp_path, content):
    path = tmp_path / "notes.txt"
    path.write_bytes(content)
    with pytest.raises(DatabaseRefused, match="not an nnquiz practice database"):
        Store.open(path)
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_another_program_s_sqlite_database_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as c:
        c.execute("CREATE TABLE songs (title TEXT)")
        c.execute("INSERT INTO songs VALUES ('x')")
    c.close()
    before = digest(path)
    with pytest.raises(DatabaseRefused, match="not nnquiz's"):
        Store.open(path)
    assert digest(path) == before


def filled(path, n=300):
    """A database with enough reviews to span many pages."""
    with Store.open(path) as s:
        for i in range(n):
            s.record(f"backprop:{i}", bump(f"backprop:{i}"))
        s.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


def test_a_damaged_database_gets_a_clear_error_and_is_left_untouched(tmp_path):
    path = filled(tmp_path / "p.db")
    data = bytearray(path.read_bytes())
    page = 4096
    data[3 * page : 4 * page] = b"\xa5" * page  # one page of the cards table overwritten
    path.write_bytes(bytes(data))
    with pytest.raises(DatabaseRefused, match="damaged") as e:
        Store.open(path)
    assert "left untouched" in str(e.value)
    assert path.read_bytes() == bytes(data)


def test_a_truncated_database_gets_a_clear_error(tmp_path):
    path = filled(tmp_path / "p.db")
    data = path.read_bytes()[: path.stat().st_size // 2]
    path.write_bytes(data)
    with pytest.raises(DatabaseRefused, match="damaged"):
        Store.open(path)
    assert path.read_bytes() == data


def test_a_database_from_a_newer_nnquiz_is_refused_untouched(tmp_path):
    path = tmp_path / "p.db"
    Store.open(path).close()
    with sqlite3.connect(path) as c:
        c.execute(f"PRAGMA user_version = {schema.VERSION + 5}")
    c.close()
    before = digest(path)
    with pytest.raises(DatabaseRefused, match="newer nnquiz"):
        Store.open(path)
    assert digest(path) == before


def add_note(conn):
    """A second schema version, as a later nnquiz might bring."""
    conn.execute("ALTER TABLE cards ADD COLUMN note TEXT NOT NULL DEFAULT ''")
    conn.execute("UPDATE cards SET note = 'from v1'")


def test_a_migration_upgrades_the_schema_keeps_the_data_and_a_backup(tmp_path):
    path = tmp_path / "p.db"
    with Store.open(path) as s:
        s.record("backprop:medium", bump())
    with Store.open(path, migrations=(*schema.MIGRATIONS, add_note)) as s:
        c = s.conn
        assert c.execute("PRAGMA user_version").fetchone()[0] == schema.VERSION + 1
        assert c.execute("SELECT note FROM cards").fetchall() == [("from v1",)]
        assert s.card("backprop:medium").reps == 1 and len(s.reviews()) == 1
    backup = tmp_path / f"p.db.v{schema.VERSION}.bak"
    with sqlite3.connect(backup) as b:
        assert b.execute("PRAGMA user_version").fetchone()[0] == schema.VERSION
        assert b.execute("SELECT count(*) FROM reviews").fetchone()[0] == 1
    b.close()
    with Store.open(path, migrations=(*schema.MIGRATIONS, add_note)) as s:  # nothing to do
        assert s.card("backprop:medium").reps == 1


def test_a_failed_migration_leaves_the_database_as_it_was(tmp_path):
    path = tmp_path / "p.db"
    with Store.open(path) as s:
        s.record("backprop:medium", bump())

    def broken(conn):
        add_note(conn)
        raise RuntimeError("disk full")

    with pytest.raises(UserError, match="cannot upgrade .* it is unchanged"):
        Store.open(path, migrations=(*schema.MIGRATIONS, broken))
    with Store.open(path) as s:
        assert s.conn.execute("PRAGMA user_version").fetchone()[0] == schema.VERSION
        columns = [r[1] for r in s.conn.execute("PRAGMA table_info(cards)")]
        assert "note" not in columns and s.card("backprop:medium").reps == 1


WRITER = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, sys.argv[1])
    from pathlib import Path
    from tests.practice.test_store import bump
    from nnquiz.practice.store import Store

    with Store.open(Path(sys.argv[2])) as s:
        for i in range(int(sys.argv[3])):
            s.record("backprop:medium", bump())
            s.record(f"{sys.argv[4]}:{i}", bump(f"{sys.argv[4]}:{i}"))
    """
)


def test_concurrent_writers_lose_nothing(tmp_path):
    path = tmp_path / "p.db"
    Store.open(path).close()
    n, writers = 40, 4
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(ROOT), str(path), str(n), f"w{k}"])
        for k in range(writers)
    ]
    assert [p.wait(timeout=120) for p in procs] == [0] * writers
    with Store.open(path) as s:
        assert s.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert len(s.reviews()) == 2 * n * writers
        assert s.card("backprop:medium").reps == n * writers  # no update lost
        assert len(s.cards()) == 1 + n * writers


def _open_at_once(path, barrier, errors):
    barrier.wait()
    try:
        schema.connect(path).close()
    except Exception as e:  # reported to the test through the queue
        errors.put(f"{type(e).__name__}: {e}")
        errors.close()
        errors.join_thread()
        raise SystemExit(1) from None


def test_sessions_starting_at_once_on_a_new_file_all_open_it(tmp_path):
    """Switching a new file to WAL needs it to itself, and SQLite does not wait for that
    with the busy timeout: sessions starting together must take turns, not fail."""
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    errors = ctx.Queue()
    for i in range(30):
        path = tmp_path / f"p{i}.db"
        barrier = ctx.Barrier(3)
        procs = [ctx.Process(target=_open_at_once, args=(path, barrier, errors)) for _ in "abc"]
        for p in procs:
            p.start()
        for p in procs:
            p.join(60)
        if any(p.exitcode != 0 for p in procs):
            raise AssertionError(errors.get(timeout=5))
        with sqlite3.connect(path) as c:
            assert c.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
            assert c.execute("PRAGMA user_version").fetchone()[0] == schema.VERSION


def test_a_shm_file_deleted_while_it_is_checked_is_not_in_the_way(tmp_path, monkeypatch):
    """Another session's last connection deletes -wal and -shm as it closes; one gone
    between seeing it and asking whether it can be written must not make the database
    read-only (CI saw a session starting at once with others refused so)."""
    path = tmp_path / "p.db"
    Store.open(path).close()
    shm = tmp_path / "p.db-shm"
    shm.write_bytes(b"")
    real_access = os.access

    def closing_session_deletes_it(p, mode, **kw):
        if str(p).endswith("-shm"):
            shm.unlink(missing_ok=True)
        return real_access(p, mode, **kw)

    monkeypatch.setattr(schema.os, "access", closing_session_deletes_it)
    assert schema.not_writable(path) is None
    Store.open(path).close()


def test_a_session_checking_a_new_file_while_another_creates_it_reads_one_state(
    tmp_path, monkeypatch
):
    """Seen once under load: a session read a new file's version (0) before another
    session committed its first migration and its tables after, and refused the file as
    one with tables nnquiz did not make. The checks read one snapshot now. Forced here:
    the second session creates the schema between the first one's two reads."""
    import threading

    path = tmp_path / "p.db"
    with sqlite3.connect(path) as c:  # a new file another session has put in WAL mode
        c.execute("PRAGMA journal_mode = WAL")
    read_identity, created = threading.Event(), threading.Event()
    real_identity, real_tables = schema._identity, schema._has_tables
    checker = threading.current_thread()

    def identity(conn):
        out = real_identity(conn)
        if threading.current_thread() is checker:
            read_identity.set()
        return out

    def has_tables(conn):
        if threading.current_thread() is checker:
            created.wait(10)
        return real_tables(conn)

    def create():
        read_identity.wait(10)
        schema.connect(path).close()
        created.set()

    monkeypatch.setattr(schema, "_identity", identity)
    monkeypatch.setattr(schema, "_has_tables", has_tables)
    other = threading.Thread(target=create)
    other.start()
    schema.connect(path).close()
    other.join(10)
    assert created.is_set()
    with sqlite3.connect(path) as c:
        assert c.execute("PRAGMA user_version").fetchone()[0] == schema.VERSION


# ---------------------------------------------------------------- read-only databases


def readonly_sqlite(monkeypatch):
    """Every connection nnquiz opens is read-only, as SQLite sees a file it cannot write
    (``mode=ro``); works as root too, where chmod would not bite."""
    real = schema.open_connection

    def opener(path, readonly=False, immutable=False):
        return real(path, readonly=True, immutable=immutable)

    monkeypatch.setattr(schema, "open_connection", opener)


def test_a_database_that_cannot_be_written_is_refused_when_opened(tmp_path, monkeypatch):
    path = tmp_path / "p.db"
    with Store.open(path) as s:
        s.record("backprop:medium", bump())
    before = digest(path)
    readonly_sqlite(monkeypatch)
    with pytest.raises(schema.ReadOnly) as e:
        Store.open(path)  # before any problem is shown, not at the first answer
    said = str(e.value)
    assert f"the practice database {path} is read-only" in said and "\n" not in said
    assert "damaged" not in said and "nnquiz stats can still read" in said
    assert digest(path) == before


def test_read_only_opening_reads_without_writing(tmp_path, monkeypatch):
    path = tmp_path / "p.db"
    with Store.open(path) as s:
        s.record("backprop:medium", bump())
    before = digest(path)
    real = schema.open_connection

    def opener(path, readonly=False, immutable=False):
        assert readonly, "stats opened the database for writing"
        return real(path, readonly, immutable)

    monkeypatch.setattr(schema, "open_connection", opener)
    with Store.open_readonly(path) as s:
        assert s.card("backprop:medium").reps == 1 and len(s.reviews()) == 1
    assert digest(path) == before


def test_read_only_opening_creates_nothing_and_refuses_what_open_refuses(tmp_path):
    with pytest.raises(UserError, match="no practice database at .* yet"):
        Store.open_readonly(tmp_path / "none.db")
    (tmp_path / "empty.db").touch()
    with pytest.raises(schema.Empty):
        Store.open_readonly(tmp_path / "empty.db")
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as c:
        c.execute("CREATE TABLE songs (title TEXT)")
    c.close()
    with pytest.raises(DatabaseRefused, match="not nnquiz's"):
        Store.open_readonly(other)
    old = tmp_path / "old.db"
    Store.open(old).close()
    with Store.open_readonly(old, migrations=(*schema.MIGRATIONS, add_note)) as s:
        assert s.version == schema.VERSION and s.reviews() == []  # read as it is
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.db", "old.db", "other.db"]
    assert (tmp_path / "empty.db").stat().st_size == 0


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
@pytest.mark.parametrize("locked", ["file", "folder"])
def test_a_read_only_file_or_folder_is_named_not_called_damaged(tmp_path, locked):
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / "p.db"
    with Store.open(path) as s:
        s.record("backprop:medium", bump())
    target = path if locked == "file" else folder
    target.chmod(0o444 if locked == "file" else 0o555)
    try:
        with pytest.raises(schema.ReadOnly) as e:
            Store.open(path)
        why = "the file is not writable" if locked == "file" else f"its folder {folder}"
        assert why in str(e.value) and str(path) in str(e.value)
        with Store.open_readonly(path) as s:  # stats still reads it
            assert s.card("backprop:medium").reps == 1
    finally:
        target.chmod(0o755)


def test_sqlite_errors_become_the_right_one_line_message(tmp_path, monkeypatch):
    path = tmp_path / "p.db"
    cannot = schema.corrupt(path, sqlite3.OperationalError("unable to open database file"))
    assert "damaged" not in str(cannot) and "cannot open" in str(cannot)
    monkeypatch.setattr(schema, "not_writable", lambda p: "it is on a read-only file system")
    ro = schema.corrupt(path, sqlite3.OperationalError("unable to open database file"))
    assert isinstance(ro, schema.ReadOnly) and "read-only file system" in str(ro)
    report = "*** in database main ***\nPage 5: btreeInitPage() returns error code 11\n"
    damaged = schema.corrupt(path, sqlite3.DatabaseError(report))
    assert "damaged" in str(damaged) and "\n" not in str(damaged)


def test_a_damaged_database_s_message_is_one_line(tmp_path):
    path = filled(tmp_path / "p.db")
    data = bytearray(path.read_bytes())
    data[3 * 4096 : 4 * 4096] = b"\xa5" * 4096
    path.write_bytes(bytes(data))
    for opener in (Store.open, Store.open_readonly):
        with pytest.raises(DatabaseRefused, match="damaged") as e:
            opener(path)
        assert "\n" not in str(e.value)


def test_a_card_whose_numbers_were_edited_into_text_is_named(tmp_path):
    path = tmp_path / "p.db"
    with Store.open(path) as s:
        s.record("backprop:medium", bump())
        s.conn.execute("UPDATE cards SET due = 'soon'")
        with pytest.raises(DatabaseRefused, match="card backprop:medium: due is 'soon'") as e:
            s.cards()
        assert "\n" not in str(e.value)


def test_a_database_nnquiz_may_not_write_is_read_as_it_is_leaving_nothing(tmp_path, monkeypatch):
    """What stats does with a file it cannot write (root can write anything, so the
    system's answer is stood in for): SQLite's ``mode=ro`` would leave ``-wal`` and
    ``-shm`` files behind, read-only ones that would stop the next practice session."""
    path = tmp_path / "p.db"
    with Store.open(path) as s:
        s.record("backprop:medium", bump())
    before = digest(path)
    monkeypatch.setattr(schema, "not_writable", lambda p: "the file is not writable")
    with Store.open_readonly(path) as s:
        assert s.card("backprop:medium").reps == 1 and len(s.reviews()) == 1
    assert digest(path) == before and [p.name for p in tmp_path.iterdir()] == ["p.db"]
    monkeypatch.undo()
    with Store.open(path) as writer:  # a session open: read through its WAL
        writer.record("backprop:medium", bump())
        monkeypatch.setattr(schema, "not_writable", lambda p: "the file is not writable")
        with Store.open_readonly(path) as s:
            assert s.card("backprop:medium").reps == 2


def test_a_file_the_system_says_is_read_only_is_refused_before_sqlite_opens_it(
    tmp_path, monkeypatch
):
    """SQLite would fall back to reading it and leave ``-wal`` and ``-shm`` files behind,
    as read-only as the file, which would stop practice after the file is made writable."""
    path = tmp_path / "p.db"
    with Store.open(path) as s:
        s.record("backprop:medium", bump())
    before = digest(path)
    monkeypatch.setattr(schema, "not_writable", lambda p: "the file is not writable")
    opened = []
    monkeypatch.setattr(schema, "open_connection", lambda *a, **k: opened.append(a))
    with pytest.raises(schema.ReadOnly, match="the file is not writable"):
        Store.open(path)
    assert opened == [] and digest(path) == before
    assert [p.name for p in tmp_path.iterdir()] == ["p.db"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_a_read_only_file_made_writable_again_is_practised_on(tmp_path):
    path = tmp_path / "p.db"
    with Store.open(path) as s:
        s.record("backprop:medium", bump())
    path.chmod(0o444)
    try:
        with pytest.raises(schema.ReadOnly, match="the file is not writable"):
            Store.open(path)
        assert [p.name for p in tmp_path.iterdir()] == ["p.db"]
    finally:
        path.chmod(0o644)
    with Store.open(path) as s:
        assert s.card("backprop:medium").reps == 1


def wal_copy(tmp_path):
    """A copy of a database whose last review is still in its ``-wal`` (no ``-shm``)."""
    import shutil

    path, copy = tmp_path / "p.db", tmp_path / "copy"
    copy.mkdir()
    Store.open(path).close()
    with Store.open(path) as s:
        s.conn.execute("PRAGMA wal_autocheckpoint = 0")
        s.record("backprop:medium", bump())
        for suffix in ("", "-wal"):
            shutil.copy(f"{path}{suffix}", copy / f"p.db{suffix}")
    assert (copy / "p.db-wal").stat().st_size > 0
    return copy / "p.db"


def test_a_database_locked_by_another_program_is_busy_not_read_without_locks(tmp_path, monkeypatch):
    path = tmp_path / "p.db"
    with Store.open(path) as s:
        s.record("backprop:medium", bump())
    monkeypatch.setattr(schema, "BUSY_TIMEOUT", 0.2)
    other = sqlite3.connect(path, isolation_level=None)
    try:
        other.execute("PRAGMA locking_mode = EXCLUSIVE")
        other.execute("BEGIN EXCLUSIVE")
        other.execute("UPDATE cards SET reps = 5")
        with pytest.raises(UserError, match="is busy .locked by another program.") as e:
            Store.open_readonly(path)
        assert "\n" not in str(e.value)
    finally:
        other.close()


def test_a_wal_that_cannot_be_read_here_is_an_error_not_an_empty_database(tmp_path, monkeypatch):
    """A read-only folder holding a ``-wal`` but no ``-shm``: SQLite cannot open the WAL,
    and reading the file as it is would miss what is in it (stats would show zeros)."""
    path = wal_copy(tmp_path)
    monkeypatch.setattr(schema, "not_writable", lambda p: f"its folder {p.parent} is not writable")
    real, calls = schema._identity, []

    def identity(conn):  # what SQLite says when it cannot make the -shm
        calls.append(conn)
        if len(calls) == 1:
            raise sqlite3.OperationalError("unable to open database file")
        return real(conn)

    monkeypatch.setattr(schema, "_identity", identity)
    with pytest.raises(UserError, match="part of it is still in p.db-wal") as e:
        Store.open_readonly(path)
    assert "\n" not in str(e.value) and "is not writable" in str(e.value)


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_a_read_only_folder_with_a_wal_and_no_shm_is_not_read_as_empty(tmp_path):
    path = wal_copy(tmp_path)
    path.parent.chmod(0o555)
    try:
        with pytest.raises(UserError, match="part of it is still in p.db-wal"):
            Store.open_readonly(path)
    finally:
        path.parent.chmod(0o755)


def test_without_a_wal_a_file_that_cannot_be_written_is_read_as_it_is(tmp_path, monkeypatch):
    path = tmp_path / "p.db"
    with Store.open(path) as s:
        s.record("backprop:medium", bump())
    (tmp_path / "p.db-shm").write_bytes(b"")  # a leftover -shm SQLite cannot use
    monkeypatch.setattr(schema, "not_writable", lambda p: "the file is not writable")
    real, calls = schema._identity, []

    def identity(conn):
        calls.append(conn)
        if len(calls) == 1:
            raise sqlite3.OperationalError("unable to open database file")
        return real(conn)

    monkeypatch.setattr(schema, "_identity", identity)
    with Store.open_readonly(path) as s:
        assert s.card("backprop:medium").reps == 1


def test_a_full_disk_or_an_io_error_is_said_plainly_not_called_damage(tmp_path, monkeypatch):
    path = tmp_path / "p.db"
    with Store.open(path) as s:
        s.record("backprop:medium", bump())
        pages = s.conn.execute("PRAGMA page_count").fetchone()[0]
        s.conn.execute(f"PRAGMA max_page_count = {pages}")  # SQLite's own "disk is full"
        with pytest.raises(UserError) as e:
            s.prepare("backprop:medium", "backprop:1", "x" * 100_000, "stamp")
        assert s.card("backprop:medium").reps == 1 and s.prepared("backprop:medium") is None
    full = str(e.value)
    assert not isinstance(e.value, DatabaseRefused) and e.value.exit_code == 2
    assert "the disk is full" in full and "damaged" not in full and "move it" not in full
    io = schema.corrupt(path, sqlite3.OperationalError("disk I/O error"))
    assert not isinstance(io, DatabaseRefused) and "input/output error" in str(io)
    assert "damaged" not in str(io) and "move it" not in str(io) and "\n" not in str(io)
    monkeypatch.setattr(schema, "not_writable", lambda p: "it is on a read-only file system")
    assert isinstance(
        schema.corrupt(path, sqlite3.OperationalError("disk I/O error")), schema.ReadOnly
    )


def test_one_flag_per_item_even_from_a_database_that_kept_several(tmp_path):
    """Flagging an item again replaces its flag; rows kept twice by an older nnquiz (a
    concept card flagged twice) are read as one, the latest."""
    from nnquiz.practice.store import Flag

    path = tmp_path / "p.db"
    with Store.open(path) as s:
        s.flag(Flag(1.0, "card:c", None, "one"))
        s.flag(Flag(2.0, "x:easy", "x:easy:1", "a"))
        s.flag(Flag(3.0, "card:c", None, "two"))
        s.flag(Flag(4.0, "x:easy", "x:easy:1", "b"))
        assert [(f.card, f.note) for f in s.flags()] == [("card:c", "two"), ("x:easy", "b")]
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(
            "INSERT INTO flags (time, card, problem, note) VALUES (5, 'card:c', NULL, 'three')"
        )
    conn.close()
    with Store.open(path) as s:
        assert [(f.card, f.note) for f in s.flags()] == [("x:easy", "b"), ("card:c", "three")]
