"""The practice database: its schema, how a file is recognised, and migrations.

A practice database is an SQLite file whose ``application_id`` is nnquiz's and whose
``user_version`` is its schema version. A file that is not SQLite, an SQLite file of
another program, a corrupt file or one from a newer nnquiz is refused with a clear
message and never written to. An older schema is migrated step by step, each step in
its own transaction, after a backup copy is made next to the file.

:func:`connect` (``nnquiz practice``) also makes sure the file can be written before
anything is shown, so a read-only file is refused up front rather than after the first
answer; :func:`connect_readonly` (``nnquiz stats``) only reads, and works on a
read-only file, folder or file system.
"""

from __future__ import annotations

import functools
import os
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


SCHEMA_2 = """
CREATE TABLE flags (               -- problems (or cards) a student flagged as looking wrong
    id INTEGER PRIMARY KEY,
    time REAL NOT NULL,            -- Unix seconds
    card TEXT NOT NULL,            -- cards.key: the skill, or card:ID
    problem TEXT,                  -- the problem id (nnquiz show ID); NULL for a card
    note TEXT NOT NULL DEFAULT ''  -- what the student wrote, if anything
);
CREATE INDEX flags_time ON flags (time);
"""


def _add_flags_2(conn: sqlite3.Connection) -> None:
    for statement in statements(SCHEMA_2):
        conn.execute(statement)


Migration = Callable[[sqlite3.Connection], None]
# MIGRATIONS[v] takes a database from schema v to v + 1 (0 is an empty file).
MIGRATIONS: tuple[Migration, ...] = (_create_1, _add_flags_2)
VERSION = len(MIGRATIONS)


class DatabaseRefused(UserError):
    """A file that nnquiz will not use as its practice database (left untouched)."""


def connect(path: Path, migrations: Sequence[Migration] = MIGRATIONS) -> sqlite3.Connection:
    """An open, current, writable practice database at ``path`` (created when missing or
    empty). A file nnquiz cannot write is refused here, before a session shows anything,
    and before SQLite opens it: SQLite would fall back to reading it and leave ``-wal``
    and ``-shm`` files behind, as read-only as the file, which would stop the next
    session even after the file is made writable. (:func:`_check_writable` is the
    backstop, for what the system does not tell beforehand.)

    A new database is made only at a path of nnquiz's own: never through a symbolic
    link (one that leads nowhere is not followed, one to an empty file does not turn
    that file into a database); a link to an existing database is followed."""
    _check_link(path)
    if not os.path.lexists(path):
        _create(path)
    fresh = path.is_file() and path.stat().st_size == 0
    if not fresh:
        _check_header(path)
    why = not_writable(path)
    if why is not None:
        raise ReadOnly(path, why)
    try:
        conn = open_connection(path)
    except sqlite3.Error as e:
        raise corrupt(path, e) from None
    try:
        _prepare(conn, path, fresh, migrations)
    except BaseException:
        conn.close()
        raise
    return conn


def _check_link(path: Path) -> None:
    """Refuse a symbolic link that leads nowhere or to an empty file (nnquiz would
    create, or fill, a file somewhere else than the path it was given)."""
    if not path.is_symlink():
        return
    target = Path(os.path.realpath(path))
    if not path.exists():
        raise DatabaseRefused(
            f"{path} is a symbolic link to {target}, which does not exist; nnquiz does not "
            "create a database through a link: give --db (or NNQUIZ_HOME) a real path"
        )
    if path.is_file() and path.stat().st_size == 0:
        raise DatabaseRefused(
            f"{path} is a symbolic link to an empty file ({target}); nnquiz makes a new "
            "database only at a path of its own, so it was left untouched: remove the "
            "link, or give --db (or NNQUIZ_HOME) a new file name"
        )


def _create(path: Path) -> None:
    """Create the empty file for a new database, never through a link planted since the
    check (``O_EXCL`` does not follow one); one made meanwhile by another session is
    fine, and is checked as any existing file is."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:
        os.close(os.open(path, flags, 0o644))
    except FileExistsError:
        _check_link(path)
    except OSError as e:
        why = not_writable(path)
        if why is not None:
            raise ReadOnly(path, why) from None
        raise UserError(f"cannot create the practice database {path}: {e.strerror}") from None


def open_connection(path: Path, readonly: bool = False, immutable: bool = False):
    """The SQLite connection itself: read-write (creating the file), or read-only.

    A read-only connection leaves nothing behind. A ``mode=ro`` connection to a WAL file
    creates SQLite's ``-wal`` and ``-shm`` files and may not delete them, and a read-only
    ``-shm`` left so would stop the next writer. So when the file and its folder can be
    written, read-only is SQLite's ``PRAGMA query_only`` on an ordinary connection
    (which tidies up as any reader does); when they cannot and no ``-wal`` or ``-shm``
    exists (nothing has the file open, and all of it is in the file itself), the file is
    read as it is (``immutable=1``: no locks, no files); else it is ``mode=ro``, which
    uses the files that are there. ``immutable`` asks for the second way."""
    if readonly and not immutable:
        if not_writable(path) is None:
            conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT, isolation_level=None)
            conn.execute("PRAGMA query_only = ON")
            return conn
        immutable = not any(_beside(path, s).exists() for s in ("-wal", "-shm"))
    if not readonly:
        return sqlite3.connect(path, timeout=BUSY_TIMEOUT, isolation_level=None)
    uri = path.absolute().as_uri() + "?mode=ro" + ("&immutable=1" if immutable else "")
    return sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT, isolation_level=None)


def _beside(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


class Empty(Exception):
    """:func:`connect_readonly` found an empty file: a database with nothing in it yet."""


def connect_readonly(
    path: Path, migrations: Sequence[Migration] = MIGRATIONS
) -> sqlite3.Connection:
    """The practice database at ``path`` opened read-only, checked as :func:`connect`
    checks it; nothing is created, migrated or written (a file of an older schema is
    read as it is: :class:`.store.Store` knows what each version holds). Raises
    :class:`Empty` for an empty file (or an empty SQLite database), and UserError when
    there is no file."""
    if not path.exists():
        raise UserError(missing(path))
    if path.is_file() and path.stat().st_size == 0:
        raise Empty
    _check_header(path)
    try:
        conn = open_connection(path, readonly=True)
        try:
            _identity(conn)  # the first read: SQLite opens the file (and its WAL) here
        except sqlite3.OperationalError as e:
            conn.close()
            if not _readable_as_it_is(path):
                raise _unreadable(path, e) from None
            # a WAL file needs its shared-memory file, which a read-only folder or file
            # system cannot hold; nothing can be writing there, and nothing is in a
            # -wal, so the file itself holds everything: read it as it is
            conn = open_connection(path, readonly=True, immutable=True)
    except sqlite3.Error as e:
        raise corrupt(path, e) from None
    try:
        app, version = _identity(conn)
        if app in (0, APPLICATION_ID) and version == 0 and not _has_tables(conn):
            raise Empty  # what practice would make a new database in
        _check_identity(path, app, version, migrations)
        check_objects(conn, path, version, migrations)  # an older schema is read as it is
        _check_integrity(conn, path)
        conn.execute("BEGIN")  # one snapshot for every read of this connection
    except sqlite3.DatabaseError as e:
        conn.close()
        raise corrupt(path, e) from None
    except BaseException:
        conn.close()
        raise
    return conn


def missing(path: Path) -> str:
    """The one line for a database that is not there (a link that leads nowhere named)."""
    if path.is_symlink():
        target = os.path.realpath(path)
        return f"no practice database at {path}: it is a link to {target}, which does not exist"
    return f"no practice database at {path} yet (run nnquiz practice first)"


def _readable_as_it_is(path: Path) -> bool:
    """Whether the file alone (``immutable=1``: no locks, no WAL) shows all there is:
    only when nothing can be writing it (it cannot be written) and no ``-wal`` holds
    part of it."""
    if not_writable(path) is None:
        return False
    try:
        return _beside(path, "-wal").stat().st_size == 0
    except FileNotFoundError:
        return True
    except OSError:
        return False


def _unreadable(path: Path, e: sqlite3.OperationalError) -> UserError:
    """The one-line error when a read-only opening fails and reading the file as it is
    would not do (another session may be writing it, or a ``-wal`` holds part of it)."""
    wal = _beside(path, "-wal")
    why = not_writable(path)
    if why is None or not wal.exists() or "locked" in str(e):
        return corrupt(path, e)
    return UserError(
        f"cannot read the practice database {path} here: part of it is still in "
        f"{wal.name}, which SQLite can read only with a {path.name}-shm file beside it, "
        f"and {why}; run nnquiz practice on it once where it can be written (or copy "
        f"{path.name} and {wal.name} to a writable folder)"
    )


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
        _check_identity(path, app, version, migrations)
        if not fresh:
            _check_integrity(conn, path)
            check_objects(conn, path, version, migrations)
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")
        _use_wal(conn)
        conn.execute("PRAGMA synchronous = FULL")
        if version > 0:  # a new file is written to at once: created just below
            _check_writable(conn)
        if version < len(migrations):
            migrate(conn, path, version, migrations)
    except sqlite3.DatabaseError as e:
        raise corrupt(path, e) from None


def _check_identity(path: Path, app: int, version: int, migrations: Sequence) -> None:
    if app != APPLICATION_ID:
        raise DatabaseRefused(
            f"{path} is an SQLite database, but not nnquiz's; it was left untouched: "
            "choose another file with --db or NNQUIZ_HOME"
        )
    if version > len(migrations):
        raise DatabaseRefused(
            f"{path} was written by a newer nnquiz (schema {version}; this nnquiz "
            f"knows up to {len(migrations)}); upgrade nnquiz to use it"
        )


def _check_writable(conn: sqlite3.Connection) -> None:
    """A write that is rolled back: SQLite says "readonly" only when a statement writes
    (taking the write lock alone succeeds on a read-only file), so this finds a file
    practice could not save reviews to before the first problem is shown."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute("UPDATE meta SET value = value WHERE key = 'app'")
    finally:
        conn.execute("ROLLBACK")


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
    """The one-line error for an SQLite error on the practice database at ``path``."""
    said = " ".join(str(e).split())  # one line: quick_check's report has line breaks
    if len(said) > 200:
        said = said[:199] + "…"
    if isinstance(e, sqlite3.OperationalError):
        code = getattr(e, "sqlite_errorcode", None)
        primary = code & 0xFF if isinstance(code, int) else None
        if "locked" in said:
            return UserError(f"the practice database {path} is busy (locked by another program)")
        if primary == sqlite3.SQLITE_FULL or "disk is full" in said:
            return UserError(
                f"cannot write the practice database {path}: the disk is full; free some "
                "space and try again (what was saved before is kept)"
            )
        why = not_writable(path)
        io_error = primary == sqlite3.SQLITE_IOERR or "I/O" in said
        if "readonly" in said or (why and ("unable to open" in said or io_error)):
            return ReadOnly(path, why)
        if io_error:
            return UserError(
                f"cannot read or write the practice database {path}: the system reported "
                f"an input/output error ({said}); check the disk or file system it is on, "
                "then try again"
            )
        if "unable to open" in said:
            return UserError(f"cannot open the practice database {path} ({said})")
    return DatabaseRefused(
        f"the practice database {path} is damaged ({said}); it was left untouched: "
        "move it away (or restore a backup) and nnquiz starts a new one"
    )


class ReadOnly(UserError):
    """nnquiz practice cannot write the database (nnquiz stats can still read it)."""

    def __init__(self, path: Path, why: str | None = None):
        super().__init__(
            f"the practice database {path} is read-only ({why or 'SQLite cannot write to it'})"
            ", so nnquiz practice cannot save reviews to it: make it writable, or choose "
            "another file with --db or NNQUIZ_HOME (nnquiz stats can still read this one)"
        )


def not_writable(path: Path) -> str | None:
    """Why the database at ``path`` cannot be written, as far as the system says (None
    when nothing is in the way). SQLite needs the folder too, for its journal files."""
    folder = path.parent
    try:
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            return f"it is on a read-only file system ({folder})"
    except (OSError, AttributeError):  # no statvfs on Windows
        pass
    if path.exists() and not os.access(path, os.W_OK):
        return "the file is not writable"
    if folder.exists() and not os.access(folder, os.W_OK | os.X_OK):
        return f"its folder {folder} is not writable"
    for suffix in ("-wal", "-shm"):
        extra = _beside(path, suffix)
        if extra.exists() and not os.access(extra, os.W_OK):
            return f"SQLite's file {extra.name} beside it is not writable"
    return None


def _identity(conn: sqlite3.Connection) -> tuple[int, int]:
    app = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    return app, version


def _has_tables(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0


def check_objects(
    conn: sqlite3.Connection, path: Path, version: int, migrations: Sequence[Migration]
) -> None:
    """Refuse a database holding what nnquiz's schema ``version`` does not: a trigger
    (``AFTER INSERT ON reviews DELETE FROM reviews`` would wipe the history at the next
    review), a view, or a table, index or column nnquiz did not make; or lacking one it
    did. What nnquiz makes is what its migrations make in an empty database. SQLite's
    own objects (``sqlite_stat1`` after an ``ANALYZE``) are allowed."""
    have = _objects(conn)
    want = _made_by(tuple(migrations[:version]))
    extra = _ranked(have - want)
    missing = _ranked(want - have)
    if extra:
        raise DatabaseRefused(
            f"{path} has {_names(extra)} that nnquiz did not make (schema {version}); it "
            "was left untouched: nnquiz uses only a practice database it made itself; "
            "choose another file with --db or NNQUIZ_HOME"
        )
    if missing:
        raise DatabaseRefused(
            f"the practice database {path} is damaged (it lacks {_names(missing)}, which "
            "nnquiz makes); it was left untouched: restore a backup, or move it away and "
            "nnquiz starts a new one"
        )


Obj = tuple[str, str, str]  # (type, name, what it is on: a table, or a table's column)


def _objects(conn: sqlite3.Connection) -> set[Obj]:
    rows = conn.execute(  # SQLite's own tables and indexes are named sqlite_...
        "SELECT type, name, tbl_name FROM sqlite_master WHERE NOT (type IN ('table', "
        "'index') AND name LIKE 'sqlite\\_%' ESCAPE '\\')"
    ).fetchall()
    out = {(t, n, o) for t, n, o in rows}
    for kind, table, _ in list(out):
        if kind == "table":
            cols = conn.execute("SELECT name FROM pragma_table_xinfo(?)", (table,))
            out |= {("column", c, table) for (c,) in cols}
    return out


@functools.lru_cache(maxsize=8)
def _made_by(migrations: tuple[Migration, ...]) -> frozenset[Obj]:
    """What ``migrations`` make in an empty database (a memory one, in a millisecond)."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        for step in migrations:
            step(conn)
        return frozenset(_objects(conn))
    finally:
        conn.close()


_RANK = {"trigger": 0, "view": 1, "table": 2, "index": 3, "column": 4}


def _ranked(objs: set[Obj]) -> list[Obj]:
    """The most dangerous first (triggers run code); a table's columns go with it."""
    tables = {name for kind, name, _ in objs if kind == "table"}
    kept = [o for o in objs if not (o[0] == "column" and o[2] in tables)]
    return sorted(kept, key=lambda o: (_RANK.get(o[0], 5), o))


def _names(objs: list[Obj]) -> str:
    """'trigger wipe (on reviews), view v and table x', at most 5 named."""
    said = []
    for kind, name, on in objs[:5]:
        if kind == "column":
            said.append(f"column {on}.{name}")
        else:
            said.append(f"{kind} {name}" + (f" (on {on})" if kind in ("trigger", "index") else ""))
    if len(objs) > 5:
        said.append(f"{len(objs) - 5} more")
    said = [" ".join(visible_name(x).split()) for x in said]
    return said[0] if len(said) == 1 else ", ".join(said[:-1]) + " and " + said[-1]


def visible_name(text: str) -> str:
    """A name from the file, its control characters shown as escapes, cut to 60."""
    text = "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in text)
    return text if len(text) <= 60 else text[:59] + "…"


def _check_integrity(conn: sqlite3.Connection, path: Path) -> None:
    rows = conn.execute("PRAGMA quick_check").fetchall()
    if rows != [("ok",)]:
        raise sqlite3.DatabaseError("; ".join(" ".join(str(r[0]).split()) for r in rows[:3]))


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
