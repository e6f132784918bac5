"""The plain-float check that redraws variants before NumPy runs never changes a problem.

``netbuild.surely_degenerate`` names a variant only when the full checks (NumPy's forward
pass, ``degenerate``, the answers' "all zero" test) would redraw it too. If it named one
they keep, generation would skip a variant it used to keep, and ids would change.
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nnquiz.problems import netbuild, registry
from nnquiz.problems.family import Redraw

NETWORK_FAMILIES = ("forward", "backprop", "fgsm", "sgd")


def _decisions(given, asks, build, monkeypatch):
    """(keeps with the quick check, keeps without it, the quick check's reason)."""
    quick = build(given, asks)
    with_quick = registry.reason_to_redraw(quick) is None
    with monkeypatch.context() as m:
        m.setattr(netbuild, "surely_degenerate", lambda *a: None)
        full = build(given, asks)
        without = registry.reason_to_redraw(full) is None
    parsed = netbuild.network.check_asks(asks, given)
    return with_quick, without, netbuild.surely_degenerate(given, parsed, full.allow_zero)


@pytest.mark.parametrize("family_id", NETWORK_FAMILIES)
@pytest.mark.parametrize("difficulty", ["easy", "medium", "hard"])
def test_drawn_variants_are_kept_or_redrawn_as_without_the_quick_check(
    family_id, difficulty, monkeypatch
):
    family = registry.get(family_id)
    named = 0
    for seed in range(60):
        rng = np.random.default_rng(seed)
        for _ in range(4):  # the first few variants of each seed, kept or not
            try:
                given_, asks = family.draw(rng, difficulty)
            except Redraw:
                continue
            kept_quick, kept_full, reason = _decisions(given_, asks, family.build, monkeypatch)
            assert kept_quick == kept_full, (family_id, difficulty, seed, given_, reason)
            if reason is not None:
                assert not kept_full, (family_id, given_, reason)
                named += 1
    if (family_id, difficulty) == ("backprop", "medium"):
        assert named > 60  # it does find the common cases (about 2 variants in 3)


# Networks whose pre-activations sit on the thresholds (KINK = 0.05, SATURATION 4 and
# 2.5) or are 0 up to rounding (0.1 + 0.2 − 0.3): where a careless margin would fail.
EDGY = st.sampled_from(
    [0, 0.05, -0.05, 0.1, 0.2, -0.3, 0.3, 0.5, -0.5, 1, -1, 2, -2, 2.5, -2.5, 4, -4, 0.7, 1e-17]
)


@st.composite
def networks(draw):
    acts = ["relu", "sigmoid", "tanh", "identity", "step"]
    n_in, n_hid = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    x = draw(st.lists(EDGY, min_size=n_in, max_size=n_in))
    W1 = draw(
        st.lists(st.lists(EDGY, min_size=n_in, max_size=n_in), min_size=n_hid, max_size=n_hid)
    )
    b1 = draw(st.lists(EDGY, min_size=n_hid, max_size=n_hid))
    W2 = [draw(st.lists(EDGY, min_size=n_hid, max_size=n_hid))]
    b2 = [draw(EDGY)]
    layers = [
        {"W": W1, "b": b1, "activation": draw(st.sampled_from(acts))},
        {"W": W2, "b": b2, "activation": draw(st.sampled_from(["sigmoid", "relu", "tanh"]))},
    ]
    given_ = {"layers": layers, "x": x, "y": draw(st.sampled_from([0, 1])), "loss": "bce"}
    i, j = draw(st.integers(0, n_hid - 1)), draw(st.integers(0, n_in - 1))
    asks = draw(
        st.lists(
            st.sampled_from(["dL/dW2", f"dL/dW1[{i},{j}]", "dL/db1", "dL/dz2", "dL/dW1", "output"]),
            min_size=1,
            max_size=3,
            unique=True,
        )
    )
    return given_, asks, draw(st.booleans())


@settings(max_examples=400, deadline=None)
@given(networks())
def test_networks_on_the_thresholds_are_kept_or_redrawn_as_without_the_quick_check(net):
    given_, asks, allow_zero = net

    def build(g, a):
        return netbuild.build(g, a, title="t", mistake_ids=("no_bias",), allow_zero=allow_zero)

    with pytest.MonkeyPatch.context() as mp:
        kept_quick, kept_full, reason = _decisions(given_, asks, build, mp)
    assert kept_quick == kept_full, (given_, asks, reason)
    assert reason is None or not kept_full


@st.composite
def sgd_networks(draw):
    """Networks on the thresholds asked for new weights (sgd redraws a step that leaves
    one as it was: a dead ReLU unit, an input of 0)."""
    given_, _, _ = draw(networks())
    n_hid, n_in = len(given_["layers"][0]["W"]), len(given_["x"])
    i, j = draw(st.integers(0, n_hid - 1)), draw(st.integers(0, n_in - 1))
    asks = draw(
        st.lists(
            st.sampled_from(["W2_new", f"W1_new[{i},{j}]", "b1_new", "W1_new", "b2_new"]),
            min_size=1,
            max_size=3,
            unique=True,
        )
    )
    return {**given_, "lr": draw(st.sampled_from([0.1, 0.5]))}, asks


@settings(max_examples=300, deadline=None)
@given(sgd_networks())
def test_sgd_steps_on_the_thresholds_are_kept_or_redrawn_as_without_the_quick_check(net):
    given_, asks = net
    build = registry.get("sgd").build
    with pytest.MonkeyPatch.context() as mp:
        kept_quick, kept_full, _ = _decisions(given_, asks, build, mp)
    parsed = netbuild.network.check_asks(asks, given_)
    reason = netbuild.surely_degenerate(given_, parsed, False, unmoved=True)
    assert kept_quick == kept_full, (given_, asks, reason)
    assert reason is None or not kept_full


def test_an_exact_zero_is_named_only_when_every_term_is_exact():
    # 0.1 − 0.1 is 0 in plain floats, but 0.1 is not short: a sum of such terms may round
    # differently in another order or fused, so nothing is said
    inexact = {"layers": [{"W": [[1, -1]], "b": [0], "activation": "tanh"}], "x": [0.1, 0.1]}
    assert netbuild.surely_degenerate(inexact, [], True) is None
    exact = {"layers": [{"W": [[1, -0.5]], "b": [0.25], "activation": "tanh"}], "x": [0.5, 1.5]}
    assert "exactly 0" in netbuild.surely_degenerate(exact, [], True)
