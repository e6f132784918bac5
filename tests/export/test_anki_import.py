"""The exported deck, imported into a real Anki collection (Anki's own backend)."""

from __future__ import annotations

import re
import shutil

import anki.collection as anki_collection
import pytest

from nnquiz import resources
from nnquiz.concepts import load_clozes
from nnquiz.export import load_cards
from nnquiz.export.deck import DEFAULT_VARIANTS
from nnquiz.export.notetypes import CLOZE, CONCEPT, PROBLEM
from nnquiz.problems import registry
from nnquiz.problems.model import DIFFICULTIES
from tests.conftest import run_cli

from .ankitools import FIELD_REF, flat_math, flat_tex, import_apkg, template_fields, text_nodes


def export(path, *args):
    r = run_cli("export", "-o", str(path), *args)
    assert r.returncode == 0, r.stderr
    return r


@pytest.fixture(scope="module")
def deck(tmp_path_factory):
    """The default deck (no options), exported once by the real CLI."""
    path = tmp_path_factory.mktemp("deck") / "nnquiz.apkg"
    export(path)
    return path


@pytest.fixture
def col(tmp_path):
    c = anki_collection.Collection(str(tmp_path / "collection.anki2"))
    yield c
    c.close()


def test_counts(deck, col):
    log = import_apkg(col, deck)
    n_cards = len(load_cards(resources.cards()))
    clozes = load_clozes(resources.cards())
    n_problems = len(registry.families()) * len(DIFFICULTIES) * DEFAULT_VARIANTS
    n_notes = n_cards + len(clozes) + n_problems
    assert len(log.new) == n_notes
    assert col.note_count() == n_notes
    deletions = sum(len(c.deletions) for c in clozes)
    assert col.card_count() == n_cards + n_problems + deletions  # a cloze: a card a deletion
    assert len(col.find_notes(f'"note:{CONCEPT.name}"')) == n_cards
    assert len(col.find_notes(f'"note:{PROBLEM.name}"')) == n_problems
    assert len(col.find_notes(f'"note:{CLOZE.name}"')) == len(clozes)
    assert n_cards >= 60 and len(clozes) >= 25


def test_decks_and_tags_follow_the_registry(deck, col):
    import_apkg(col, deck)
    names = {d.name for d in col.decks.all_names_and_ids()}
    for fam in registry.families():
        deck_name = f"nnquiz::{fam.topic}"
        assert deck_name in names
        for d in DIFFICULTIES:
            found = col.find_notes(
                f'"deck:{deck_name}" tag:nnquiz::family::{fam.id} tag:nnquiz::difficulty::{d}'
            )
            assert len(found) == DEFAULT_VARIANTS, (fam.id, d)
    for topic in {c.topic for c in load_cards(resources.cards())}:
        assert f"nnquiz::Concepts::{topic}" in names
    assert len(col.find_notes("tag:nnquiz")) == col.note_count()


def _shown(field_html: str) -> list[str]:
    """Pieces of a field's text that must appear in the rendered card."""
    return [t for t in text_nodes(field_html) if t.strip()]


def test_every_card_renders_with_every_field_filled(deck, col):
    import_apkg(col, deck)
    for cid in col.find_cards(""):
        card = col.get_card(cid)
        note = card.note()
        tmpl = note.note_type()["tmpls"][0]
        question, answer = card.question(), card.answer()
        for side, html in (("question", question), ("answer", answer)):
            assert not FIELD_REF.search(html), (note["Id"], side, FIELD_REF.search(html))
            assert "unknown field" not in html.lower() and "no field called" not in html.lower()
        for name in template_fields(tmpl["qfmt"]):
            assert note[name].strip(), (note["Id"], name)
            assert all(t in "".join(text_nodes(question)) for t in _shown(note[name]))
        for name in template_fields(tmpl["afmt"]) - {"Mistakes", "Back Extra"}:  # optional
            assert note[name].strip(), (note["Id"], name)
            assert all(t in "".join(text_nodes(answer)) for t in _shown(note[name]))
        if "Text" in note:  # a cloze: its front is its text with a deletion hidden
            continue
        back = "Back" if "Back" in note else "Answer"
        assert "".join(_shown(note[back])) not in "".join(text_nodes(question))


def test_problem_notes_match_the_problems(deck, col):
    """Each problem note holds the problem its id names: statement, answers, solution."""
    import_apkg(col, deck)
    for nid in col.find_notes(f'"note:{PROBLEM.name}"')[::7]:
        note = col.get_note(nid)
        p = registry.show(note["Id"])
        assert (note["Family"], note["Difficulty"], note["Topic"]) == (
            p.family,
            p.difficulty,
            p.topic,
        )
        question = "".join(text_nodes(note["Question"]))
        for part in p.parts:
            assert part.prompt_latex in question
        shown = flat_math(note["Answer"])
        for line in p.steps[-1].latex.split("\n")[1:]:  # \[\text{(a)}\ answer\]
            assert flat_tex(line[2:-2].split("}", 1)[1].removeprefix("\\ ")) in shown
        head = p.steps[0].latex.split("\n")[0]
        assert flat_math(head) in flat_math(note["Solution"])


def test_second_export_updates_and_keeps_review_history(tmp_path, col):
    path = tmp_path / "deck.apkg"
    export(path, "--variants", "1")
    first = import_apkg(col, path)
    n, cards = col.note_count(), col.card_count()
    assert len(first.new) == n

    reviewed = _review_one(col)
    export(path, "--variants", "1")  # within the same second: the timestamp still grows
    second = import_apkg(col, path)
    assert len(second.new) == 0
    assert len(second.duplicate) == 0 and len(second.conflicting) == 0
    assert len(second.updated) == n
    assert col.note_count() == n and col.card_count() == cards
    card = col.get_card(reviewed)
    assert card.reps == 1 and card.type != 0
    assert col.db.scalar("select count() from revlog where cid = ?", reviewed) == 1


def _review_one(col) -> int:
    """Answer one card "Good" with Anki's scheduler; its card id."""
    from anki.scheduler.v3 import CardAnswer

    col.decks.select(col.decks.id_for_name(f"nnquiz::{registry.get('backprop').topic}"))
    queued = col.sched.get_queued_cards().cards[0]
    card = col.get_card(queued.card.id)
    card.start_timer()
    col.sched.answer_card(
        col.sched.build_answer(card=card, states=queued.states, rating=CardAnswer.GOOD)
    )
    return card.id


def test_edited_card_updates_the_students_note(tmp_path, col):
    """Change a card's text, export again: the same note shows the new text."""
    cards = tmp_path / "cards"
    shutil.copytree(resources.cards(), cards)
    path = tmp_path / "deck.apkg"
    export(path, "--variants", "0", "--cards", str(cards))
    import_apkg(col, path)
    f = cards / "06-bce.toml"
    f.write_text(f.read_text().replace("Note the leading minus sign", "Mind the minus sign"))
    export(path, "--variants", "0", "--cards", str(cards))
    log = import_apkg(col, path)
    assert len(log.new) == 0
    (nid,) = col.find_notes('"Id:bce-formula"')
    assert "Mind the minus sign" in col.get_note(nid)["Back"]


def test_mistakes_are_escaped_html(deck, col):
    import_apkg(col, deck)
    for nid in col.find_notes(f'"note:{PROBLEM.name}"'):
        note = col.get_note(nid)
        for name in note.keys():
            html = re.sub(r"<svg .*?</svg>", "", note[name], flags=re.S)  # the figures
            tags = r"<(?!/?(div|b|i|ul|li|br|span|details|summary|table|thead|tbody|tr|th|td)\b)"
            assert not re.search(tags, html), (note["Id"], name)


def test_figures_are_inline_in_the_notes_and_the_cards_anki_renders(deck, col):
    """A question's figures go with the Question, a solution's with the Solution, as the
    problem drew them (inline SVG: Anki desktop, AnkiDroid and AnkiMobile show it with
    no media file); a concept card's figure goes on its back."""
    from nnquiz.figures import gallery

    import_apkg(col, deck)
    p = registry.show("backprop:easy:1")
    (question,), (solution,) = p.figures_at("question"), p.figures_at("solution")
    (nid,) = col.find_notes('"Id:backprop:easy:1"')
    note = col.get_note(nid)
    assert f'<div class="nnq-figure">{question.svg}</div>' in note["Question"]
    assert solution.svg in note["Solution"] and solution.svg not in note["Question"]
    card = note.cards()[0]
    assert question.svg in card.question() and solution.svg in card.answer()
    assert solution.svg not in card.question()
    (nid,) = col.find_notes('"Id:activation-sigmoid"')
    assert gallery.draw("sigmoid").svg in col.get_note(nid)["Back"]
    with_figures = [
        n
        for n in col.find_notes(f'"note:{CONCEPT.name}"')
        if "nnq-figure" in col.get_note(n)["Back"]
    ]
    assert len(with_figures) >= 8


def test_browser_lists_problems_by_id(deck, col):
    import_apkg(col, deck)
    (nid,) = col.find_notes('"Id:backprop:easy:1"')
    note = col.get_note(nid)
    assert note.note_type()["sortf"] == PROBLEM.fields.index("Id")
    assert col.db.scalar("select sfld from notes where id = ?", nid) == "backprop:easy:1"


def test_cloze_notes_hide_one_deletion_a_card(deck, col):
    """Anki's cloze type: one card per deletion; its front hides that deletion only, and
    a deletion inside a formula becomes [...] inside the formula."""
    import_apkg(col, deck)
    (nid,) = col.find_notes('"Id:cloze-bce"')
    note = col.get_note(nid)
    assert note.note_type()["type"] == 1 and note.note_type()["id"] == CLOZE.id
    cards = sorted(note.cards(), key=lambda c: c.ord)
    assert [c.ord for c in cards] == [0, 1]
    minus, one_minus_y = (c.question() for c in cards)
    assert r"\mathcal{L}" in minus and "[...]" in minus and "(1 - y_i" in minus
    assert "[...]" in one_minus_y and "-\\frac{1}{n}" in one_minus_y
    back = cards[0].answer().split("</style>")[-1]
    assert "[...]" not in back and "minus sign makes the loss positive" in back
    deck_name = col.decks.name(cards[0].did)
    assert deck_name == "nnquiz::Concepts::Binary cross-entropy"
