"""What a session shows, in which order: due first, new items in the order of the notes,
limits, --family, and a miss coming back later."""

import re

import pytest

from nnquiz.concepts import Card
from nnquiz.errors import UserError
from nnquiz.practice import course, plan
from nnquiz.practice.concepts import load

FAMILIES = ["perceptron", "neuron", "backprop", "softmax"]


def cards(n):
    return [Card(f"c{i}", "Topic", "Section", f"front {i}", f"back {i}") for i in range(n)]


def keys(items):
    return [i.key for i in items]


def test_new_items_alternate_concept_cards_and_problems_in_the_order_of_the_notes():
    items = course.new_items(FAMILIES, cards(8), started=set())
    ks = keys(items)
    assert len(ks) == 8 + 3 * len(FAMILIES)
    assert ks[:4] == ["card:c0", "perceptron:easy", "card:c1", "neuron:easy"]
    problems = [k for k in ks if not k.startswith("card:")]
    assert problems == [f"{f}:{d}" for d in ("easy", "medium", "hard") for f in FAMILIES]
    assert [k for k in ks if k.startswith("card:")] == [f"card:c{i}" for i in range(8)]
    tail = ks[16:]  # once the cards run out, the problems go on alone
    assert all(not k.startswith("card:") for k in tail) and len(tail) == 4


def test_started_items_are_not_new():
    items = course.new_items(FAMILIES, cards(2), started={"perceptron:easy", "card:c1"})
    assert "perceptron:easy" not in keys(items) and "card:c1" not in keys(items)


def test_a_session_is_due_items_then_new_ones_up_to_the_allowance():
    due = [course.skill("backprop", "hard"), course.skill("softmax", "easy")]
    new = course.new_items(FAMILIES, [], set())
    items = plan.session(due, new, 2)
    assert keys(items) == ["backprop:hard", "softmax:easy", "perceptron:easy", "neuron:easy"]
    assert keys(plan.session(due, new, 0)) == keys(due)


def test_the_daily_new_limit_counts_what_was_started_today():
    assert plan.new_allowance(None, 0) == plan.DEFAULT_NEW_PER_DAY
    assert plan.new_allowance(None, 7) == plan.DEFAULT_NEW_PER_DAY - 7
    assert plan.new_allowance(None, 50) == 0
    assert plan.new_allowance(4, 50) == 4  # --new N decides for this session


def test_family_filter_keeps_those_families_and_drops_concept_cards():
    c = course.concept(cards(1)[0])
    assert plan.wanted(c, ()) and not plan.wanted(c, ("backprop",))
    assert plan.wanted(course.skill("backprop", "easy"), ("backprop",))
    assert not plan.wanted(course.skill("softmax", "easy"), ("backprop",))


def test_a_missed_item_comes_back_after_three_others_or_last():
    items = [course.skill(f, "easy") for f in FAMILIES]
    q = plan.Queue(items[1:])
    q.again(items[0])
    assert keys(q) == ["neuron:easy", "backprop:easy", "softmax:easy", "perceptron:easy"]
    q = plan.Queue(items[1:2])
    q.again(items[0])
    assert keys(q) == ["neuron:easy", "perceptron:easy"]
    q = plan.Queue([])
    q.again(items[0])
    assert keys(q) == ["perceptron:easy"]


def test_put_back_shows_an_item_next_and_never_twice():
    items = [course.skill(f, "easy") for f in FAMILIES]
    q = plan.Queue(items)
    q.put_back(items[2])
    assert keys(q)[:2] == ["backprop:easy", "perceptron:easy"] and len(q) == 4
    assert q.pop().key == "backprop:easy"


def test_concept_card_files_load_in_name_order(tmp_path):
    (tmp_path / "02-b.toml").write_text(
        'topic = "B"\n[[cards]]\nid = "b1"\nsection = "S2"\nfront = "f"\nback = "x"\n'
    )
    (tmp_path / "01-a.toml").write_text(
        'topic = "A"\n[[cards]]\nid = "a1"\nsection = "S1"\nfront = \'\\(x\\)\'\n'
        'back = "y"\n[[cards]]\nid = "a2"\nsection = "S1"\nfront = "f"\nback = "z"\n'
        'erratum = "e"\n'
    )
    (tmp_path / "README.md").write_text("not a card file")
    got = load(tmp_path)
    assert [c.id for c in got] == ["a1", "a2", "b1"]
    assert got[0].topic == "A" and got[0].front == "\\(x\\)" and got[1].erratum == "e"
    assert load(tmp_path / "missing") == []
    (tmp_path / "01-a.toml").unlink()
    (tmp_path / "02-b.toml").unlink()
    assert load(tmp_path) == []  # no card files: no concept cards


def test_the_shipped_concept_cards_load():
    shipped = load()
    assert len(shipped) >= 60 and len({c.id for c in shipped}) == len(shipped)
    assert all(c.front and c.back and c.section for c in shipped)


@pytest.mark.parametrize(
    "body, message",
    [
        ('topic = "T"\n[[cards]]\nid = "k"\nsection = "S"\nfront = "f"\nback = " "\n',
         "x.toml: card 'k': back is empty"),
        ('topic = "T"\n[[cards]\n', "x.toml: not valid TOML"),
        ('topic = "T"\n[[cards]]\nid = "k"\nsection = "S"\nfront = "\\\\(x"\nback = "b"\n',
         "x.toml: card 'k': front"),
    ],
)  # fmt: skip
def test_bad_concept_cards_are_named_in_the_error(tmp_path, body, message):
    (tmp_path / "x.toml").write_text(body)
    with pytest.raises(UserError, match=re.escape(message)):
        load(tmp_path)
