"""The numbers on the concept cards, recomputed independently (plain ``math``, not nnquiz).

Each fact is (card id, the value computed here, the digits the card shows): the card must
show those digits, and they must be the value correctly rounded.
"""

from __future__ import annotations

import math
from decimal import Decimal

import pytest

from nnquiz import resources
from nnquiz.export import load_cards


def softmax(z):
    e = [math.exp(v) for v in z]
    return [v / sum(e) for v in e]


def sigmoid(z):
    return 1 / (1 + math.exp(-z))


def step(z):
    return 1.0 if z > 0 else 0.0


P = softmax([2, 4, 0.5])


def xor_net(x1, x2):
    h1 = step(x1 + x2 - 0.5)
    h2 = step(x1 + x2 - 1.5)
    return step(h1 - h2 - 0.5)


def bce_slope_at_zero():
    """d/dw of −ln σ(2w + 0) at w = 0, by a central difference."""
    h = 1e-6
    loss = lambda w: -math.log(sigmoid(2 * w))  # noqa: E731
    return (loss(h) - loss(-h)) / (2 * h)


FACTS = [
    ("softmax-notes-example", math.exp(2), "7.389"),
    ("softmax-notes-example", math.exp(4), "54.60"),
    ("softmax-notes-example", math.exp(0.5), "1.649"),
    ("softmax-notes-example", sum(math.exp(v) for v in [2, 4, 0.5]), "63.64"),
    ("softmax-notes-example", P[0], "0.1161"),
    ("softmax-notes-example", P[1], "0.8580"),
    ("softmax-notes-example", P[2], "0.02591"),
    ("cross-entropy-notes-example", -math.log(P[1]), "0.1532"),
    ("cross-entropy-notes-example", -math.log(P[2]), "3.653"),
    ("cross-entropy-range", math.log(3), "1.099"),
    ("cross-entropy-gradient", P[1] - 1, "-0.1420"),
    ("cross-entropy-gradient", P[2], "0.02591"),
    ("softmax-two-classes", softmax([2, 4])[0], "0.1192"),
    ("softmax-two-classes", sigmoid(-2), "0.1192"),
    ("bce-notes-example", math.log(0.3), "- 1.204"),
    ("bce-notes-example", math.log(1 - 0.8), "- 1.609"),
    ("bce-notes-example", -(math.log(1) + math.log(0.3) + math.log(0.2)) / 3, "0.9378"),
    ("bce-confident-wrong", -math.log(0.01), "4.605"),
    ("bce-confident-wrong", math.log(2), "0.6931"),
    ("sigmoid-vanishing", 0.25**10, "9.537 \\times 10^{-7}"),
    ("activation-sigmoid", sigmoid(0) * (1 - sigmoid(0)), "0.25"),
    ("dropout-scaling-example", 0.5 * 0.8, "0.4"),
    ("sgd-update-rule", 0.5 - 0.1 * 2, "0.3"),
    ("backprop-single-neuron", bce_slope_at_zero(), "= -1"),
    ("weight-matrix-shape", 4 * 3 + 4, "16"),
    ("parameter-count-network", 5 * 4 + 5, "25"),
    ("parameter-count-network", 3 * 5 + 3, "18"),
    ("parameter-count-network", (5 * 4 + 5) + (3 * 5 + 3), "43"),
    ("width-cost", 1000 * 1000, "10^6"),
    ("fgsm-example", 1 + 0.1 * 1, "1.1"),
    ("fgsm-example", -2 + 0.1 * -1, "-2.1"),
]


def _number(shown: str) -> tuple[float, float]:
    """The value a card's digits denote, and half a unit of their last digit."""
    s = shown.replace("= ", "").replace("- ", "-")
    if "\\times" in s:
        mant, exp = s.split("\\times 10^")
        d = Decimal(mant.strip())
        scale = 10 ** int(exp.strip("{}"))
        return float(d) * scale, 0.5 * 10 ** d.as_tuple().exponent * scale
    if s.startswith("10^"):
        return 10.0 ** int(s[3:]), 0.5
    d = Decimal(s)
    return float(d), 0.5 * 10 ** d.as_tuple().exponent


@pytest.fixture(scope="module")
def cards():
    return {c.id: c for c in load_cards(resources.cards())}


@pytest.mark.parametrize(("card_id", "value", "shown"), FACTS)
def test_card_shows_the_right_number(cards, card_id, value, shown):
    card = cards[card_id]
    assert shown in card.back, f"{card_id} should show {shown}"
    number, half_unit = _number(shown)
    assert abs(value - number) <= half_unit * (1 + 1e-9), (card_id, value, shown)


def test_xor_network_on_its_card_computes_xor():
    assert [xor_net(a, b) for a, b in [(0, 0), (0, 1), (1, 0), (1, 1)]] == [0, 1, 1, 0]


def test_identities_on_the_activation_cards():
    for z in [-3, -0.7, 0, 0.4, 2.5]:
        assert math.tanh(z) == pytest.approx(2 * sigmoid(2 * z) - 1, abs=1e-12)
        h = 1e-6
        slope = (math.tanh(z + h) - math.tanh(z - h)) / (2 * h)
        assert slope == pytest.approx(1 - math.tanh(z) ** 2, abs=1e-8)
        s_slope = (sigmoid(z + h) - sigmoid(z - h)) / (2 * h)
        assert s_slope == pytest.approx(sigmoid(z) * (1 - sigmoid(z)), abs=1e-8)
        assert s_slope <= 0.25 + 1e-9


def test_fgsm_first_order_gain_is_epsilon_times_l1_norm():
    g = [0.3, -0.1, 0.0]
    eps = 0.1
    sign = [(v > 0) - (v < 0) for v in g]
    assert sum(gi * eps * si for gi, si in zip(g, sign)) == pytest.approx(
        eps * sum(abs(v) for v in g)
    )
