"""The practice database: how a file is recognised, opened and upgraded (the tables of
each schema version and the migrations are :mod:`.tables`').

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

import os
import sqlite3
import time
from collections.abc import Sequence
from pathlib import Path

from ..errors import UserError
from .tables import (  # noqa: F401  (the tables and migrations, as schema.* names)
    APPLICATION_ID,
    MIGRATIONS,
    SCHEMA_1,
    SCHEMA_2,
    VERSION,
    DatabaseRefused,
    Migration,
    check_objects,
    identity,
    migrate,
    statements,
)

SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT = 10.0  # seconds a writer waits for another session's transaction


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
        version = _checked_version(conn, path, fresh, migrations)
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")
        _use_wal(conn)
        conn.execute("PRAGMA synchronous = FULL")
        if version > 0:  # a new file is written to at once: created just below
            _check_writable(conn)
        if version < len(migrations):
            migrate(conn, path, version, migrations)
    except sqlite3.DatabaseError as e:
        raise corrupt(path, e) from None


def _checked_version(
    conn: sqlite3.Connection, path: Path, fresh: bool, migrations: Sequence[Migration]
) -> int:
    """The file's schema version, its identity and objects checked, all read in one read
    transaction: another session creating the same new file meanwhile commits its
    tables and its version together, so reading them apart could see its tables with
    the old version 0 and refuse the file as one with tables nnquiz did not make."""
    conn.execute("BEGIN")
    try:
        app, version = _identity(conn)
        if fresh or (app == 0 and version == 0 and not _has_tables(conn)):
            app, version = APPLICATION_ID, 0
        _check_identity(path, app, version, migrations)
        if not fresh:
            _check_integrity(conn, path)
            check_objects(conn, path, version, migrations)
    finally:
        conn.execute("COMMIT")  # only read: ends the snapshot
    return version


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
        if _unwritable(extra):
            return f"SQLite's file {extra.name} beside it is not writable"
    return None


def _unwritable(extra: Path) -> bool:
    """Whether SQLite's ``-wal`` or ``-shm`` file is there and cannot be written. Another
    session's last connection deletes them as it closes, and the system says "not
    writable" for a file that is gone: one that vanished while it was checked was not
    in the way (asked again in case another session made it anew meanwhile)."""
    for _ in range(3):
        if os.access(extra, os.W_OK) or not extra.exists():
            return False
    return True


def _identity(conn: sqlite3.Connection) -> tuple[int, int]:
    """(application_id, user_version) of the open file (:func:`.tables.identity`)."""
    return identity(conn)


def _has_tables(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0


def _check_integrity(conn: sqlite3.Connection, path: Path) -> None:
    rows = conn.execute("PRAGMA quick_check").fetchall()
    if rows != [("ok",)]:
        raise sqlite3.DatabaseError("; ".join(" ".join(str(r[0]).split()) for r in rows[:3]))
