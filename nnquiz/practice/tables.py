"""What a practice database holds: the tables of each schema version, the migrations
from one version to the next, and the check that a file holds nothing else
(:func:`check_objects`). Opening a file is :mod:`.schema`'s."""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path

from ..errors import UserError

APPLICATION_ID = 0x6E6E717A  # "nnqz"

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


def identity(conn: sqlite3.Connection) -> tuple[int, int]:
    app = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    return app, version


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
            if identity(conn)[1] != v:  # another session migrated meanwhile
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
