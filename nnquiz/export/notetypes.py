"""The Anki note types, with fixed ids and fixed field lists.

Never change an id or remove, rename or reorder a field: Anki recognises a note type
by its id, and a deck whose fields differ from what a student's collection has would
import as a second, separate note type. The spare fields are reserved now so that later
versions can fill them without changing the field list.

The HTML and CSS live in ``templates/`` (the package ``nnquiz.templates``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

CONCEPT_MODEL_ID = 1608425294
PROBLEM_MODEL_ID = 1767972874
CLOZE_MODEL_ID = 1893710466

CONCEPT_FIELDS = ("Front", "Back", "Section", "Id", "Topic", "Reserved1", "Reserved2")
PROBLEM_FIELDS = (
    "Question",
    "Answer",
    "Solution",
    "Id",
    "Family",
    "Difficulty",
    "Topic",
    "Title",
    "Mistakes",
    "Reserved1",
    "Reserved2",
    "Reserved3",
)
CLOZE_FIELDS = ("Text", "Back Extra", "Id", "Section", "Topic", "Reserved1", "Reserved2")


@dataclass(frozen=True)
class NoteType:
    """A note type: its fixed id, name, fields and the template files of its one card."""

    id: int
    name: str
    fields: tuple[str, ...]
    front: str  # template file names in templates/
    back: str
    sort_field: str  # the field Anki's card browser lists and sorts by
    cloze: bool = False  # Anki's cloze type: one card per deletion {{c1::…}}


CONCEPT = NoteType(
    CONCEPT_MODEL_ID,
    "nnquiz concept",
    CONCEPT_FIELDS,
    "concept.front.html",
    "concept.back.html",
    sort_field="Front",
)
PROBLEM = NoteType(
    PROBLEM_MODEL_ID,
    "nnquiz problem",
    PROBLEM_FIELDS,
    "problem.front.html",
    "problem.back.html",
    sort_field="Id",  # backprop:hard:7 is what a person looks for in the browser
)
CLOZE = NoteType(
    CLOZE_MODEL_ID,
    "nnquiz cloze",
    CLOZE_FIELDS,
    "cloze.front.html",
    "cloze.back.html",
    sort_field="Text",
    cloze=True,
)
CSS_FILE = "anki.css"


def _read(name: str) -> str:
    from .. import resources

    return (resources.templates() / name).read_text(encoding="utf-8")


@cache
def model(kind: NoteType):
    """The genanki model of ``kind`` (built once)."""
    import genanki

    return genanki.Model(
        kind.id,
        kind.name,
        fields=[{"name": f} for f in kind.fields],
        templates=[
            {
                "name": "Cloze" if kind.cloze else "Card 1",
                "qfmt": _read(kind.front),
                "afmt": _read(kind.back),
            }
        ],
        css=_read(CSS_FILE),
        model_type=genanki.Model.CLOZE if kind.cloze else genanki.Model.FRONT_BACK,
        sort_field_index=kind.fields.index(kind.sort_field),
    )
