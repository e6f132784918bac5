"""The practice database: its schema, how a file is recognised, and migrations.

A practice database is an SQLite file whose ``application_id`` is nnquiz's and whose
``user_version`` is its schema version. A file that is not SQLite, an SQLite file of
another program, a corrupt file or one from a newer nnquiz is refused with a clear
message and never written to. An older schema is migrated step by step, each step in
its own transaction, after a backup copy is made next to the file.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from ..errors import UserError

APPLICATION_ID = 0x6E6E717A  # "nnqz"
SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT = 10.0  # seconds a writer waits for another session's transaction

SCHEMA_1 = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE cards (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,      -- 'backprop:medium' (a skill) or 'card:bce-formula'
    kind TEXT NOT NULL CHECK (kind IN ('problem', 'concept')),
    family TEXT,                   -- problems: the family id
    difficulty TEXT,               -- problems: easy, medium or hard
    state INTEGER NOT NULL,        -- FSRS state: 1 learning, 2 review, 3 relearning
    due REAL NOT NULL,             -- Unix seconds
    fsrs TEXT NOT NULL,            -- the FSRS card as JSON (fsrs.Card.to_dict)
    reps INTEGER NOT NULL DEFAULT 0,
    lapses INTEGER NOT NULL DEFAULT 0,
    leech INTEGER NOT NULL DEFAULT 0,
    created REAL NOT NULL,         -- the first review
    last_review REAL
);
CREATE INDEX cards_due ON cards (due);
CREATE TABLE reviews (
    id INTEGER PRIMARY KEY,
    card TEXT NOT NULL,            -- cards.key
    time REAL NOT NULL,            -- Unix seconds, when the answer was given
    problem TEXT,                  -- the problem id (nnquiz show ID); NULL for concept cards
    answer TEXT NOT NULL,          -- as typed: JSON {part label: text}, or the rating key
    correct INTEGER NOT NULL,
    score REAL NOT NULL,
    duration REAL NOT NULL,        -- seconds from showing the problem to the answer
    rating INTEGER,                -- FSRS rating 1-4; NULL for a --cram review
    state INTEGER NOT NULL,        -- the card's FSRS state before: 0 new, 1, 2 or 3
    mistakes TEXT NOT NULL DEFAULT ''  -- named mistakes, comma separated
);
CREATE INDEX reviews_card ON reviews (card);
CREATE INDEX reviews_time ON reviews (time);
CREATE TABLE prepared (            -- the next problem of a skill, generated ahead
    card TEXT PRIMARY KEY,         -- cards.key (the card may not exist yet)
    problem_id TEXT NOT NULL,
    problem TEXT NOT NULL,         -- the problem JSON (schema 1, as nnquiz show prints it)
    stamp TEXT NOT NULL            -- the nnquiz that made it; another one ignores it
);
"""


def statements(script: str) -> list[str]:
    """An SQL script cut into statements (``executescript`` would commit midway)."""
    out, buf = [], ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            out.append(buf.strip())
            buf = ""
    return out + ([buf.strip()] if buf.strip() else [])


def _create_1(conn: sqlite3.Connection) -> None:
    for statement in statements(SCHEMA_1):
        conn.execute(statement)
    conn.execute("INSERT INTO meta (key, value) VALUES ('app', 'nnquiz practice')")


Migration = Callable[[sqlite3.Connection], None]
# MIGRATIONS[v] takes a database from schema v to v + 1 (0 is an empty file).
MIGRATIONS: tuple[Migration, ...] = (_create_1,)
VERSION = len(MIGRATIONS)


class DatabaseRefused(UserError):
    """A file that nnquiz will not use as its practice database (left untouched)."""


def connect(path: Path, migrations: Sequence[Migration] = MIGRATIONS) -> sqlite3.Connection:
    """An open, current practice database at ``path`` (created when missing or empty)."""
    fresh = not path.exists() or (path.is_file() and path.stat().st_size == 0)
    if not fresh:
        _check_header(path)
    try:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT, isolation_level=None)
    except sqlite3.Error as e:
        raise UserError(f"cannot open the practice database {path}: {e}") from None
    try:
        _prepare(conn, path, fresh, migrations)
    except BaseException:
        conn.close()
        raise
    return conn


def _check_header(path: Path) -> None:
    if not path.is_file():
        raise DatabaseRefused(f"{path} is not a file; give --db a file name")
    try:
        with path.open("rb") as f:
            head = f.read(len(SQLITE_MAGIC))
    except OSError as e:
        raise UserError(f"cannot read {path}: {e.strerror}") from None
    if head != SQLITE_MAGIC:
        raise DatabaseRefused(
            f"{path} is not an nnquiz practice database (not an SQLite file); "
            "it was left untouched: choose another file with --db or NNQUIZ_HOME"
        )


def _prepare(
    conn: sqlite3.Connection, path: Path, fresh: bool, migrations: Sequence[Migration]
) -> None:
    try:
        app, version = _identity(conn)
        if fresh or (app == 0 and version == 0 and not _has_tables(conn)):
            app, version = APPLICATION_ID, 0
        elif app != APPLICATION_ID:
            raise DatabaseRefused(
                f"{path} is an SQLite database, but not nnquiz's; it was left untouched: "
                "choose another file with --db or NNQUIZ_HOME"
            )
        if version > len(migrations):
            raise DatabaseRefused(
                f"{path} was written by a newer nnquiz (schema {version}; this nnquiz "
                f"knows up to {len(migrations)}); upgrade nnquiz to use it"
            )
        if not fresh:
            _check_integrity(conn, path)
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")
        _use_wal(conn)
        conn.execute("PRAGMA synchronous = FULL")
        if version < len(migrations):
            migrate(conn, path, version, migrations)
    except sqlite3.DatabaseError as e:
        raise corrupt(path, e) from None


def _use_wal(conn: sqlite3.Connection) -> None:
    """Put the file in WAL mode (it stays so). Switching needs the file to itself and
    SQLite does not wait for that with the busy timeout, so two sessions starting at
    once on a new file take turns here, for as long as a writer would wait."""
    deadline = time.monotonic() + BUSY_TIMEOUT
    while True:
        try:
            if conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal":
                return
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as e:
            if "locked" not in str(e) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def corrupt(path: Path, e: sqlite3.Error) -> UserError:
    if isinstance(e, sqlite3.OperationalError) and "locked" in str(e):
        return UserError(f"the practice database {path} is busy (locked by another program)")
    if isinstance(e, sqlite3.OperationalError) and "readonly" in str(e):
        return UserError(f"the practice database {path} is read-only")
    return DatabaseRefused(
        f"the practice database {path} is damaged ({e}); it was left untouched: "
        "move it away (or restore a backup) and nnquiz starts a new one"
    )


def _identity(conn: sqlite3.Connection) -> tuple[int, int]:
    app = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    return app, version


def _has_tables(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0


def _check_integrity(conn: sqlite3.Connection, path: Path) -> None:
    rows = conn.execute("PRAGMA quick_check").fetchall()
    if rows != [("ok",)]:
        raise sqlite3.DatabaseError("; ".join(str(r[0]) for r in rows[:3]))


def migrate(
    conn: sqlite3.Connection, path: Path, version: int, migrations: Sequence[Migration]
) -> None:
    """Run ``migrations[version:]``, one transaction a step; back up a used file first."""
    backup = path.with_name(f"{path.name}.v{version}.bak")
    if version > 0:
        copy = sqlite3.connect(backup)
        try:
            conn.backup(copy)
        finally:
            copy.close()
    for v in range(version, len(migrations)):
        conn.execute("BEGIN IMMEDIATE")
        try:
            if _identity(conn)[1] != v:  # another session migrated meanwhile
                conn.execute("ROLLBACK")
                continue
            migrations[v](conn)
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {v + 1}")
            conn.execute("COMMIT")
        except Exception as e:
            conn.execute("ROLLBACK")
            if v == 0:
                raise
            raise UserError(
                f"cannot upgrade {path} from schema {v} to {v + 1} ({e}); it is unchanged, "
                f"and a copy is in {backup.name}"
            ) from None
        except BaseException:
            conn.execute("ROLLBACK")
            raise
