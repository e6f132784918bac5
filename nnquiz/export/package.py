"""Write notes to an Anki package (``.apkg``): the one place that touches the disk.

Notes are streamed into a temporary SQLite collection as they come (memory stays flat
for any deck size), zipped to a temporary file beside the destination, and renamed over
it only when everything succeeded: a failed export never leaves a broken ``.apkg``.

Identity, so that importing again updates instead of duplicating:

- note GUIDs come from card and problem ids (:mod:`nnquiz.export.notes`);
- note type ids are fixed (:mod:`nnquiz.export.notetypes`), deck ids are a hash of the
  deck's name;
- the package timestamp (every note's modification time) is later than that of the
  package it replaces. Anki updates a note only when the incoming one is newer, and its
  clock counts whole seconds, so two exports within one second to the same file still
  get increasing times.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import os
import sqlite3
import tempfile
import zipfile
from collections import Counter
from pathlib import Path

import genanki
from genanki.apkg_col import APKG_COL
from genanki.apkg_schema import APKG_SCHEMA

from .notes import ROOT_DECK, NoteSpec
from .notetypes import model

DECK_DESCRIPTIONS = {
    ROOT_DECK: "Training neural networks: concept cards from the course notes and "
    "verified numeric problems with worked solutions. Made by nnquiz.",
}


def deck_id(name: str) -> int:
    """A fixed id for the deck called ``name`` (a hash, so new topics need no table)."""
    digest = hashlib.sha256(f"nnquiz-deck:{name}".encode()).digest()
    return (1 << 30) + int.from_bytes(digest[:4], "big") % (1 << 30)


def parents(name: str) -> list[str]:
    """``a::b::c`` -> ``[a, a::b, a::b::c]``."""
    bits = name.split("::")
    return ["::".join(bits[: i + 1]) for i in range(len(bits))]


class ApkgWriter:
    """Collects notes into a temporary collection; :meth:`write` makes the ``.apkg``.

    Use as a context manager: the temporary files are removed whatever happens.
    """

    def __init__(self, timestamp: float):
        self.timestamp = timestamp
        self.counts: Counter[str] = Counter()
        self._decks: dict[str, int] = {}
        self._models: dict[int, genanki.Model] = {}
        self._ids = itertools.count(int(timestamp * 1000))
        self._due = itertools.count()
        fd, self._db = tempfile.mkstemp(prefix="nnquiz-", suffix=".anki2")
        os.close(fd)
        self._conn = sqlite3.connect(self._db)
        self._conn.execute("PRAGMA journal_mode = OFF")
        self._conn.execute("PRAGMA synchronous = OFF")
        self._cur = self._conn.cursor()
        self._cur.executescript(APKG_SCHEMA)
        self._cur.executescript(APKG_COL)

    def __enter__(self) -> ApkgWriter:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self._conn.close()
        with contextlib.suppress(OSError):
            os.unlink(self._db)

    def add(self, spec: NoteSpec) -> None:
        """Add one note and its card (in study order: Anki shows new cards in the order
        they are added).

        The rows are genanki's (``Note.write_to_db``, ``Card.write_to_db``), written
        directly: the cards are the spec's (one, or one per cloze deletion), and the
        fields are escaped HTML already, so genanki's per-note checks would only cost time.
        """
        did = self._deck(spec.deck)
        m = model(spec.kind)
        if len(spec.fields) != len(spec.kind.fields) or any(" " in t for t in spec.tags):
            raise ValueError(f"malformed note {spec.guid}: fields or tags")
        self._models[m.model_id] = m
        mod = int(self.timestamp)
        note_id = next(self._ids)
        self._cur.execute(
            "INSERT INTO notes VALUES(?,?,?,?,?,?,?,?,?,?,?)",
            (
                note_id, spec.guid, m.model_id, mod, -1, " " + " ".join(spec.tags) + " ",
                "\x1f".join(spec.fields), spec.fields[m.sort_field_index], 0, 0, "",
            ),
        )  # fmt: skip
        for ord_ in spec.cards:  # a cloze note has a card per deletion, the others one
            self._cur.execute(
                "INSERT INTO cards VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (next(self._ids), note_id, did, ord_, mod, -1, 0, 0, next(self._due),
                 0, 0, 0, 0, 0, 0, 0, 0, ""),
            )  # fmt: skip
        self.counts[spec.deck] += 1

    def _deck(self, name: str) -> int:
        for part in parents(name):
            if part not in self._decks:
                self._decks[part] = deck_id(part)
        return self._decks[name]

    def _finish_collection(self) -> None:
        decks = json.loads(self._cur.execute("SELECT decks FROM col").fetchone()[0])
        for name, did in self._decks.items():
            d = genanki.Deck(did, name, DECK_DESCRIPTIONS.get(name, ""))
            decks[str(did)] = d.to_json()
        root = self._decks.get(ROOT_DECK, 1)
        models = {str(mid): m.to_json(self.timestamp, root) for mid, m in self._models.items()}
        self._cur.execute(
            "UPDATE col SET decks = ?, models = ?", (json.dumps(decks), json.dumps(models))
        )
        self._conn.commit()
        self._conn.close()

    def write(self, path: Path) -> None:
        """Zip the collection to a temporary file beside ``path``, then rename it to ``path``."""
        self._finish_collection()
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as raw:
                with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
                    z.write(self._db, "collection.anki2")
                    z.writestr("media", "{}")
                raw.flush()
                os.fsync(raw.fileno())
            os.chmod(tmp, 0o666 & ~_umask())
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def previous_timestamp(path: Path) -> int | None:
    """The newest note time in the nnquiz package at ``path``, or None if there is none."""
    try:
        with zipfile.ZipFile(path) as z, tempfile.TemporaryDirectory() as tmp:
            db = z.extract("collection.anki2", tmp)
            conn = sqlite3.connect(db)
            try:
                row = conn.execute("SELECT max(mod) FROM notes").fetchone()
            finally:
                conn.close()
    except (OSError, KeyError, zipfile.BadZipFile, sqlite3.Error):
        return None
    return int(row[0]) if row and row[0] is not None else None


def export_timestamp(path: Path, now: float) -> float:
    """``now``, or one second after the package being replaced if that is later."""
    before = previous_timestamp(path)
    return now if before is None else max(now, before + 1.0)
