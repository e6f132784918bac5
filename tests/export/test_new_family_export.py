"""A family added later is exported with no change to the export: its topic becomes a
subdeck and its notes are tagged, straight from the registry."""

from __future__ import annotations

import anki.collection

from tests.test_new_family_everywhere import nnquiz_with_toy  # noqa: F401  (a fixture)

from .ankitools import import_apkg


def test_a_new_family_gets_its_own_subdeck(nnquiz_with_toy, tmp_path):  # noqa: F811
    r = nnquiz_with_toy("export", "-o", "toy.apkg", "--family", "toy_double", "--variants", "2")
    assert r.returncode == 0, r.stderr
    assert "nnquiz::Toy topic" in r.stdout
    col = anki.collection.Collection(str(tmp_path / "c.anki2"))
    try:
        log = import_apkg(col, tmp_path / "toy.apkg")
        found = col.find_notes('"deck:nnquiz::Toy topic" tag:nnquiz::family::toy_double')
        assert len(found) == 3 * 2
        assert len(log.new) == col.note_count() > 6  # and the concept cards
        ids = sorted(col.get_note(n)["Id"] for n in found)
        assert ids == sorted(f"toy_double:{d}{s}" for d in ("easy:", "", "hard:") for s in (1, 2))
    finally:
        col.close()
