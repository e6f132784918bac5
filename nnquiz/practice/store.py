"""The practice database as an object: read cards, record and undo reviews.

Every write is one short ``BEGIN IMMEDIATE`` transaction that reads the card afresh,
so two sessions open on the same database (WAL mode, a busy timeout) each see the
other's reviews, and a review is committed before the next problem appears. Ctrl-C
during a commit waits for the commit to finish.
"""

from __future__ import annotations

import math
import signal
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from . import schema

CARD_COLUMNS = (
    "key, kind, family, difficulty, state, due, fsrs, reps, lapses, leech, created, last_review"
)
NEW = 0  # the state of a skill with no card yet (FSRS states are 1, 2, 3)
REVIEW = 2


@dataclass(frozen=True)
class CardRow:
    """One scheduled card: ``state`` and ``due`` (Unix seconds) mirror ``fsrs`` (JSON)."""

    key: str
    kind: str
    family: str | None
    difficulty: str | None
    state: int
    due: float
    fsrs: str
    reps: int = 0
    lapses: int = 0
    leech: int = 0
    created: float = 0.0
    last_review: float | None = None


@dataclass(frozen=True)
class ReviewRow:
    """One answered problem or card, as the ``reviews`` table keeps it."""

    card: str
    time: float
    problem: str | None
    answer: str
    correct: bool
    score: float
    duration: float
    rating: int | None
    state: int
    mistakes: str = ""


@dataclass(frozen=True)
class Flag:
    """A problem (or concept card) the student flagged as looking wrong, with a note."""

    time: float
    card: str
    problem: str | None
    note: str = ""


FLAGS_FROM = 2  # the schema version that brought the flags table


def flagged(f: Flag) -> str:
    """What a flag is about: the problem's id, or for a concept card its ``card:ID``."""
    return f.problem or f.card


@dataclass(frozen=True)
class Recorded:
    """What :meth:`Store.record` wrote: enough to undo it."""

    review_id: int
    review: ReviewRow
    before: CardRow | None
    after: CardRow | None


Decide = Callable[[CardRow | None], tuple[CardRow | None, ReviewRow]]


class Store:
    """An open practice database (see :mod:`.schema` for the tables)."""

    def __init__(self, conn: sqlite3.Connection, path: Path):
        self.conn = conn
        self.path = path
        self.version = conn.execute("PRAGMA user_version").fetchone()[0]

    @classmethod
    def open(cls, path: Path, migrations: Sequence = schema.MIGRATIONS) -> Store:
        """The database at ``path``, checked, migrated or created (see :mod:`.schema`)."""
        return cls(schema.connect(path, migrations), path)

    @classmethod
    def open_readonly(cls, path: Path, migrations: Sequence = schema.MIGRATIONS) -> Store:
        """The database at ``path`` for reading only (``nnquiz stats``): checked, never
        created, migrated or written, and readable on a read-only file or folder.
        UserError when there is none; :class:`schema.Empty` for an empty file."""
        return cls(schema.connect_readonly(path, migrations), path)

    @classmethod
    def attach(cls, path: Path) -> Store:
        """A second connection to a database another Store has opened (and checked)."""
        conn = sqlite3.connect(path, timeout=schema.BUSY_TIMEOUT, isolation_level=None)
        return cls(conn, path)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------ reading

    def _query(self, sql: str, args: Sequence = ()) -> list[tuple]:
        try:
            return self.conn.execute(sql, args).fetchall()
        except sqlite3.DatabaseError as e:
            raise schema.corrupt(self.path, e) from None

    def _checked(self, kind: type, row: tuple, numbers: Sequence[str]):
        """``kind(*row)``, its number columns checked: a value edited into text or out of
        range (valid SQLite, unusable data) is a one-line error naming the card, not a
        traceback. Times must be ones a date can hold, with room for time zones."""
        made = kind(*row)
        for name in numbers:
            value = getattr(made, name)
            if value is None and name in _NULLABLE:
                continue
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                what = "not a number"
            elif not math.isfinite(value):  # NaN and infinity
                what = "not a number"
            elif name in _TIMES and not 0 <= value <= MAX_TIME:
                what = "not a time nnquiz can use"
            else:
                continue
            raise schema.DatabaseRefused(
                f"the practice database {self.path} is damaged (card {made_key(made)}: "
                f"{name} is {value!r}, {what}); it was left untouched: restore a "
                "backup, or move it away and nnquiz starts a new one"
            )
        return made

    def _card(self, row: tuple) -> CardRow:
        return self._checked(CardRow, row, _CARD_NUMBERS)

    def card(self, key: str) -> CardRow | None:
        rows = self._query(f"SELECT {CARD_COLUMNS} FROM cards WHERE key = ?", (key,))
        return self._card(rows[0]) if rows else None

    def cards(self, due_before: float | None = None) -> list[CardRow]:
        """Every card (or those due before a time), the soonest due first."""
        where, args = ("WHERE due < ?", (due_before,)) if due_before is not None else ("", ())
        sql = f"SELECT {CARD_COLUMNS} FROM cards {where} ORDER BY due, key"
        return [self._card(r) for r in self._query(sql, args)]

    def due(self, review_before: float, now: float) -> list[CardRow]:
        """Cards to review: in review state and due before ``review_before`` (the end of
        the practice day), or (re)learning and due by ``now`` (a learning step is
        minutes, and holds to the second)."""
        sql = (
            f"SELECT {CARD_COLUMNS} FROM cards WHERE due < ? AND "
            "((state = 2 AND due < ?) OR (state != 2 AND due <= ?)) ORDER BY due, key"
        )
        limit = max(review_before, now + 1)
        rows = self._query(sql, (limit, review_before, now))
        return [self._card(r) for r in rows]

    def learning_soon(self, now: float, before: float) -> list[tuple[CardRow, int | None]]:
        """Cards in their (re)learning steps due after ``now`` and before ``before`` (not
        due yet, soon), the soonest first, each with its last scheduled rating (None when
        it has none)."""
        sql = (
            f"SELECT {CARD_COLUMNS} FROM cards WHERE due > ? AND due < ? AND state != 2 "
            "ORDER BY due, key"
        )
        last = (
            "SELECT rating FROM reviews WHERE card = ? AND rating IN (1, 2, 3, 4) "
            "ORDER BY time DESC, id DESC LIMIT 1"
        )
        out = []
        for r in self._query(sql, (now, before)):
            card = self._card(r)
            rating = self._query(last, (card.key,))
            out.append((card, int(rating[0][0]) if rating else None))
        return out

    def scheduled_since(self, t: float) -> int:
        """How many scheduled reviews (not ``--cram`` ones) were made at or after ``t``:
        what the daily review cap counts, over every session of the day."""
        sql = "SELECT count(*) FROM reviews WHERE time >= ? AND rating IS NOT NULL"
        return self._query(sql, (t,))[0][0]

    def started(self) -> set[str]:
        return {r[0] for r in self._query("SELECT key FROM cards")}

    def started_since(self, t: float) -> int:
        """How many cards had their first review at or after ``t``."""
        return self._query("SELECT count(*) FROM cards WHERE created >= ?", (t,))[0][0]

    def durations(self, key: str, n: int = 10) -> list[float]:
        """The durations of the card's last ``n`` correct, scheduled reviews."""
        sql = (
            "SELECT duration FROM reviews WHERE card = ? AND correct = 1 "
            "AND rating IS NOT NULL ORDER BY id DESC LIMIT ?"
        )
        return [r[0] for r in self._query(sql, (key, n))]

    def problems_seen(self, key: str) -> set[str]:
        sql = "SELECT problem FROM reviews WHERE card = ? AND problem IS NOT NULL"
        return {r[0] for r in self._query(sql, (key,))}

    def reviews(self) -> list[ReviewRow]:
        sql = (
            "SELECT card, time, problem, answer, correct, score, duration, rating, state, "
            "mistakes FROM reviews ORDER BY id"
        )
        return [self._checked(ReviewRow, r, _REVIEW_NUMBERS) for r in self._query(sql)]

    def ratings(self, key: str) -> list[tuple[float, int]]:
        """(time, rating) of the card's scheduled reviews, oldest first: what its FSRS
        state is made of (see ``scheduling.rebuilt``)."""
        sql = (
            "SELECT time, rating FROM reviews WHERE card = ? AND rating IN (1, 2, 3, 4) "
            "AND typeof(time) IN ('integer', 'real') ORDER BY time, id"
        )
        return [(float(t), int(r)) for t, r in self._query(sql, (key,))]

    def prepared(self, key: str) -> tuple[str, str, str] | None:
        """(problem id, problem JSON, stamp) made ahead for card ``key``, or None."""
        sql = "SELECT problem_id, problem, stamp FROM prepared WHERE card = ?"
        rows = self._query(sql, (key,))
        return rows[0] if rows else None

    def prepared_keys(self) -> set[str]:
        return {r[0] for r in self._query("SELECT card FROM prepared")}

    def flags(self) -> list[Flag]:
        """One flag per item flagged (a problem, or a concept card), its latest, oldest
        first ([] in a database from before flags, schema 1). A database written before
        concept cards' flags were replaced may hold several for one card: the latest
        stands."""
        if self.version < FLAGS_FROM:
            return []
        rows = self._query("SELECT time, card, problem, note FROM flags ORDER BY time, id")
        latest = {flagged(f): f for f in (self._checked(Flag, r, ("time",)) for r in rows)}
        return sorted(latest.values(), key=lambda f: f.time)

    def meta(self, key: str) -> str | None:
        rows = self._query("SELECT value FROM meta WHERE key = ?", (key,))
        return rows[0][0] if rows else None

    # ------------------------------------------------------------ writing

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; Ctrl-C while it runs takes effect after it ends."""
        with _sigint_deferred():
            try:
                self.conn.execute("BEGIN IMMEDIATE")
                try:
                    yield self.conn
                    self.conn.execute("COMMIT")
                except BaseException:
                    if self.conn.in_transaction:  # SQLite ends it itself on some errors
                        self.conn.execute("ROLLBACK")
                    raise
            except sqlite3.DatabaseError as e:
                raise schema.corrupt(self.path, e) from None

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction() as c:
            c.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def prepare(self, key: str, problem_id: str, problem: str, stamp: str) -> None:
        """Keep a problem made ahead for card ``key`` (replacing any before it)."""
        with self.transaction() as c:
            c.execute(
                "INSERT OR REPLACE INTO prepared (card, problem_id, problem, stamp) "
                "VALUES (?, ?, ?, ?)",
                (key, problem_id, problem, stamp),
            )

    def flag(self, flag: Flag) -> None:
        """Keep a flag: one per item, a problem or a concept card (flagging it again
        replaces the flag and its note)."""
        with self.transaction() as c:
            if flag.problem is not None:
                c.execute("DELETE FROM flags WHERE problem = ?", (flag.problem,))
            else:
                c.execute("DELETE FROM flags WHERE card = ? AND problem IS NULL", (flag.card,))
            c.execute(
                "INSERT INTO flags (time, card, problem, note) VALUES (?, ?, ?, ?)",
                (flag.time, flag.card, flag.problem, flag.note),
            )

    def record(self, key: str, decide: Decide) -> Recorded:
        """Review card ``key``: ``decide(current row) -> (new row or None, review)``.

        The row is read inside the transaction, so a review made by another session in
        the meantime is built upon, not lost. ``None`` leaves the card as it is (cram).
        """
        with self.transaction() as c:
            before = self.card(key)
            after, review = decide(before)
            if after is not None:
                _write_card(c, after)
            if review.problem is not None:  # a problem made ahead is used up
                c.execute(
                    "DELETE FROM prepared WHERE card = ? AND problem_id = ?",
                    (key, review.problem),
                )
            cur = c.execute(
                "INSERT INTO reviews (card, time, problem, answer, correct, score, duration, "
                "rating, state, mistakes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    review.card,
                    review.time,
                    review.problem,
                    review.answer,
                    int(review.correct),
                    review.score,
                    review.duration,
                    review.rating,
                    review.state,
                    review.mistakes,
                ),
            )
            return Recorded(cur.lastrowid, review, before, after)

    def undo(self, done: Recorded) -> bool:
        """Take back a review; False when the card has been reviewed elsewhere since."""
        with self.transaction() as c:
            key = c.execute("SELECT card FROM reviews WHERE id = ?", (done.review_id,))
            row = key.fetchone()
            if row is None:
                return False
            if done.after is not None:
                if self.card(row[0]) != done.after:
                    return False
                if done.before is None:
                    c.execute("DELETE FROM cards WHERE key = ?", (row[0],))
                else:
                    _write_card(c, done.before)
            c.execute("DELETE FROM reviews WHERE id = ?", (done.review_id,))
            return True


_CARD_NUMBERS = ("state", "due", "reps", "lapses", "leech", "created", "last_review")
_REVIEW_NUMBERS = ("time", "correct", "score", "duration", "rating", "state")
_NULLABLE = {"last_review", "rating"}
_TIMES = {"due", "created", "last_review", "time"}  # Unix seconds
MAX_TIME = 223_000_000_000.0  # about the year 9000: far inside what a datetime can hold


def made_key(row) -> str:
    return getattr(row, "key", None) or getattr(row, "card", "?")


def _write_card(c: sqlite3.Connection, row: CardRow) -> None:
    values = tuple(getattr(row, name.strip()) for name in CARD_COLUMNS.split(","))
    marks = ", ".join("?" * len(values))
    updates = ", ".join(f"{n.strip()} = excluded.{n.strip()}" for n in CARD_COLUMNS.split(","))
    c.execute(
        f"INSERT INTO cards ({CARD_COLUMNS}) VALUES ({marks}) "
        f"ON CONFLICT (key) DO UPDATE SET {updates}",
        values,
    )


@contextmanager
def _sigint_deferred() -> Iterator[None]:
    """Hold Ctrl-C (SIGINT) until the block ends, then raise KeyboardInterrupt."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    try:
        previous = signal.signal(signal.SIGINT, lambda signum, frame: caught.append(signum))
    except ValueError:  # not the main interpreter
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if caught:
        raise KeyboardInterrupt
