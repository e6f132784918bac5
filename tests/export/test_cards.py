"""Concept cards: the built-in set, and the checks every card passes when it is loaded."""

from __future__ import annotations

import re

import pytest

from nnquiz import resources
from nnquiz.concepts import load_clozes, parse_clozes, parse_file
from nnquiz.export import CardError, load_cards

GOOD = """
topic = "Test topic"

[[cards]]
id = "one"
section = "Somewhere"
front = 'What is \\(x\\)?'
back = 'It is \\[x = 1\\]'
"""


@pytest.fixture(scope="module")
def cards():
    return load_cards(resources.cards())


def test_at_least_sixty_cards_with_stable_ids(cards):
    assert len(cards) >= 60
    assert len({c.id for c in cards}) == len(cards)
    assert all(c.section and c.front and c.back and c.topic for c in cards)


def test_every_section_of_the_notes_is_covered(cards):
    """The issue's list of subjects, each found on some card."""
    text = " ".join(f"{c.front} {c.back}".lower() for c in cards)
    for subject in [
        "dense",
        "recurrent",
        "perceptron",
        "xor",
        "fully connected",
        "dimension",
        "hidden layer",
        "relu",
        "sigmoid",
        "tanh",
        "w^{(a)}_{bc}",
        "stochastic gradient",
        "backpropagation",
        "softmax",
        "cross-entropy",
        "binary cross-entropy",
        "universal approximation",
        "width",
        "deeper",
        "learning rate",
        "early stopping",
        "l1",
        "l2",
        "dropout",
        "test time",
        "vanishing",
        "exploding",
        "fgsm",
    ]:
        assert subject in text, subject
    sections = {c.section for c in cards}
    for heading in [
        "Overview",
        "Terminology",
        "Single Layer NN",
        "Dimensionality",
        "Fully Connected",
        "Activation Functions",
        "Naming Conventions",
        "Computing Gradient in SGD",
        "Backward Propagation",
        "Softmax and Cross Entropy Loss",
        "Binary Cross Entropy",
        "Choice of Architecture",
        "Dropout",
        "Early Stopping",
        "Vanishing/Exploding Gradients",
        "Adversarial Machine Learning: Fast Gradient Sign Attack",
    ]:
        assert heading in sections, heading


def test_cards_are_right_where_the_notes_are_wrong(cards):
    by_id = {c.id: c for c in cards}
    bce = by_id["bce-formula"]
    assert re.search(r"= -\\frac\{1\}\{n\}", bce.back)  # the leading minus
    assert "minus" in bce.erratum
    assert "0 or 1" in by_id["bce-labels"].back
    assert "**Layer 2.**" in by_id["naming-first-hidden-layer"].back
    assert "validation" in by_id["early-stopping"].back
    assert "**second** term that survives" in by_id["bce-one-term"].erratum  # not "first"
    assert "Dense means **fully connected**" in by_id["terminology-dense-network"].erratum
    # no card states the notes' mistakes as facts
    for c in cards:
        assert "either 1 or 1" not in c.back
        assert "second hidden layer of the network" not in c.back


def test_no_latex_images_or_dollar_math(cards):
    for c in cards:
        for side in (c.front, c.back, c.erratum):
            assert "[latex]" not in side and "$" not in side


def _error(text: str, name: str = "topic.toml") -> str:
    with pytest.raises(CardError) as e:
        parse_file(name, text)
    return str(e.value)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("back = 'It is \\\\[x = 1\\\\]'", "back = '   '"), "card 'one': back is empty"),
        (("front = 'What is \\\\(x\\\\)?'", "front = ''"), "card 'one': front is empty"),
        (('section = "Somewhere"', ""), "card 'one': section is empty"),
        (("\\\\(x\\\\)", "\\\\(x"), "card 'one': front: \\( is never closed"),
        (("\\\\[x = 1\\\\]", "\\\\[\\\\frac{1}{2\\\\]"), "card 'one': back: "),
        (("\\\\[x = 1\\\\]", "\\\\[\\\\foo x\\\\]"), "unknown macro \\foo"),
        (("\\\\(x\\\\)", "$x$"), "'$' in text"),
        (("\\\\(x\\\\)", "\\\\alpha"), "\\alpha outside math"),
        (("\\\\[x = 1\\\\]", "[latex]x[/latex]"), "[latex]"),
        (("\\\\[x = 1\\\\]", "\\\\[\\\\begin{bmatrix}1\\\\end{pmatrix}\\\\]"), "does not match"),
        (('id = "one"', 'id = "One Two"'), "card 1: needs an id"),
        (('id = "one"', 'id = "one\\n"'), "card 1: needs an id"),  # no line break after it
        (("section =", "colour = 'red'\nsection ="), "unknown key 'colour'"),
        (('topic = "Test topic"', ""), "needs a topic"),
    ],
)
def test_bad_card_is_refused_naming_file_and_card(change, message):
    old, new = change
    text = GOOD.replace(old.replace("\\\\", "\\"), new.replace("\\\\", "\\"))
    assert text != GOOD
    err = _error(text)
    assert err.startswith("topic.toml: ")
    assert message in err


def test_good_card_loads():
    (card,) = parse_file("topic.toml", GOOD)
    assert (card.id, card.topic, card.section) == ("one", "Test topic", "Somewhere")


def test_duplicate_id_across_files_names_both(tmp_path):
    (tmp_path / "a.toml").write_text(GOOD)
    (tmp_path / "b.toml").write_text(GOOD)
    with pytest.raises(CardError, match=r"^b\.toml: card 'one': duplicate id \(also in a\.toml\)"):
        load_cards(tmp_path)


def test_not_toml_and_empty_folder(tmp_path):
    with pytest.raises(CardError, match="no card files"):
        load_cards(tmp_path)
    (tmp_path / "x.toml").write_text("topic = ")
    with pytest.raises(CardError, match=r"^x\.toml: not valid TOML"):
        load_cards(tmp_path)


def test_cli_reports_a_bad_card_in_one_line(tmp_path, cli):
    (tmp_path / "cards").mkdir()
    (tmp_path / "cards" / "t.toml").write_text(GOOD.replace("\\[x = 1\\]", "\\[x = {1\\]"))
    r = cli("export", "-o", str(tmp_path / "d.apkg"), "--cards", str(tmp_path / "cards"))
    assert r.returncode == 2
    assert r.stderr.startswith("nnquiz: error: t.toml: card 'one': back:")
    assert len(r.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "d.apkg").exists()


CLOZE_FILE = """topic = "T"
[[cards]]
id = "a"
section = "S"
front = "f"
back = "b"

[[clozes]]
id = "c"
section = "S"
text = '''TEXT'''
"""


def test_the_clozes_cover_the_notes_formulas():
    """At least 25 cloze notes, on the formulas the issue names, each id stable."""
    clozes = load_clozes(resources.cards())
    assert len(clozes) >= 25 and len({c.id for c in clozes}) == len(clozes)
    text = " ".join(c.text for c in clozes)
    for formula in [
        r"{{c1::-}}\frac{1}{n}",  # BCE's minus sign
        r"{{c2::\left(1 - y_i\right)}}",  # and its (1 - y) term
        r"\frac{e^{z_i} }{\sum_j e^{z_j} }",  # softmax
        r"-\ln \hat{y}_c",  # cross-entropy
        r"\odot {{c2::g'\left(z^{(k)}\right)}}",  # the delta recursion
        r"w \leftarrow w {{c1::-}}",  # the weight update
        r"x_{\text{adv}} = x {{c1::+}}",  # FGSM
        "multiplied by",  # dropout's scaling
        r"2 \lambda w",  # L2
        r"\lambda \operatorname{sign}(w)",  # L1
        r"\sigma(z)\left(1 - \sigma(z)\right)",  # sigmoid'
        r"1 - \tanh^2(z)",  # tanh'
        r"w^{(a)}_{bc}",  # the weight convention
    ]:
        assert formula in text, formula


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("no deletion here", "has no deletion"),
        (r"\(x = {{c1::\frac{1}{n}}}\)", "deletions hidden"),  # }} inside ends the deletion
        (r"\(x = {{c1::y}\)", "has no deletion"),
        (r"{{c1::a}} and {{c2::b", "never closed"),
    ],
)
def test_a_bad_cloze_is_refused(text, message):
    with pytest.raises(CardError, match=message):
        parse_clozes("x.toml", CLOZE_FILE.replace("TEXT", text))


def test_a_cloze_makes_a_card_per_deletion():
    (c,) = parse_clozes(
        "x.toml", CLOZE_FILE.replace("TEXT", r"{{c2::a}}, {{c1::b::hint}}, {{c2::c}}")
    )
    assert c.deletions == [1, 2] and c.topic == "T"
