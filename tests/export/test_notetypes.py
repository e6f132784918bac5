"""The note types are a public interface: fixed ids, fixed fields, templates that use them."""

from __future__ import annotations

import re

from nnquiz import resources
from nnquiz.export.notetypes import CLOZE, CONCEPT, CSS_FILE, PROBLEM, model

from .ankitools import FIELD_REF, template_fields

# Changing any of these breaks the updates of every deck students already imported.
PUBLISHED = {
    1608425294: ("Front", "Back", "Section", "Id", "Topic", "Reserved1", "Reserved2"),
    1767972874: (
        "Question", "Answer", "Solution", "Id", "Family", "Difficulty", "Topic", "Title",
        "Mistakes", "Reserved1", "Reserved2", "Reserved3",
    ),
    1893710466: ("Text", "Back Extra", "Id", "Section", "Topic", "Reserved1", "Reserved2"),
}  # fmt: skip


def test_ids_and_fields_are_the_published_ones():
    kinds = (CONCEPT, PROBLEM, CLOZE)
    assert {k.id: k.fields for k in kinds} == PUBLISHED
    assert model(CLOZE).model_type == 1 and model(PROBLEM).model_type == 0  # Anki's cloze type
    assert "{{cloze:Text}}" in model(CLOZE).templates[0]["qfmt"]


def test_templates_show_every_field_but_the_reserved_ones():
    for kind, must in [
        (CONCEPT, {"Front", "Back", "Section", "Topic"}),
        (PROBLEM, {"Question", "Answer", "Solution", "Id", "Family", "Difficulty", "Title"}),
        (CLOZE, {"Back Extra", "Section", "Topic"}),  # and {{cloze:Text}}
    ]:
        m = model(kind)
        (tmpl,) = m.templates
        front, back = template_fields(tmpl["qfmt"]), template_fields(tmpl["afmt"])
        assert must <= front | back
        assert front | back <= set(kind.fields)  # no reference to a field that is not there
        assert "{{FrontSide}}" in tmpl["afmt"] or "{{cloze:Text}}" in tmpl["afmt"]
        names = {n for _, n in FIELD_REF.findall(tmpl["qfmt"] + tmpl["afmt"])}
        assert names <= set(kind.fields) | {"FrontSide"}
        assert "[latex]" not in tmpl["qfmt"] + tmpl["afmt"]


def test_style_has_night_mode_and_a_phone_layout():
    css = (resources.templates() / CSS_FILE).read_text(encoding="utf-8")
    assert ".nightMode" in css and ".night_mode" in css
    assert "@media (max-width:" in css
    # nothing scrolls or is clipped: long formulas wrap (nnquiz.export.mathflow)
    assert not re.search(r"overflow(-[xy])?\s*:\s*(auto|scroll|hidden)", css)
    assert ".display.chain" in css and "max-width: 100% !important" in css
