"""Error carried forward, in every family that has a chain: a student wrong in an earlier
part and consistent in a later one gets the later part's credit (full by default, ecf of
it), and nothing when ecf is 0. What "consistent" means is computed here independently
(the reference network of nnquiz.nn, NumPy, the rules as the notes state them), not by
the chains under test; and each chain, fed the right earlier answers, gives the right
later answer."""

from __future__ import annotations

import numpy as np
import pytest

from nnquiz.answers import grade
from nnquiz.answers.carried import _entries
from nnquiz.nn import MLP
from nnquiz.nn.activations import get as activation
from nnquiz.problems import registry
from nnquiz.problems.chains import split_entry


def _share(typed, expected, part) -> float:
    """The fraction of the typed entries within the part's tolerance of ``expected``."""
    ok = _entries(typed, expected, part)
    return sum(ok) / len(ok) if ok else 0.0


def text(value) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(text(v) for v in value) + "]"
    return repr(float(value))


def wrong(value, bump: float = 0.11):
    """A wrong answer of the same shape."""
    if isinstance(value, list):
        return [wrong(v, bump) for v in value]
    return float(value) * 1.37 + bump


def _forward_from(given, start: str, value) -> dict[str, np.ndarray]:
    """Every z and h from the student's value of ``start`` (zK or hK) on, by the reference
    MLP of the layers above it."""
    layers = given["layers"]
    k = int(start[1:])
    v = np.atleast_1d(np.asarray(value, dtype=float))
    out = {start: v}
    if start[0] == "z":
        v = activation(layers[k - 2]["activation"])(v)
        out[f"h{k}"] = v
    rest = MLP.build([(lay["W"], lay["b"], lay["activation"]) for lay in layers[k - 1 :]])
    trace = rest.forward(v)
    for j, (z, h) in enumerate(zip(trace.zs, trace.hs[1:])):
        out[f"z{k + 1 + j}"], out[f"h{k + 1 + j}"] = z, h
    out["output"] = trace.hs[-1] if rest.layers else v
    return out


def consistent(family: str, given, later: str, earlier: dict[str, object]):
    """What the later part is, from the student's earlier answers, worked out here."""
    if family == "neuron":
        return float(activation(given["activation"])(np.array([earlier["z"]]))[0])
    if family == "forward":
        ((start, value),) = earlier.items()
        out = _forward_from(given, start, value)[later]
        return out.tolist() if out.size > 1 else float(out[0])
    if family == "fgsm":
        g = np.asarray(earlier["dL/dx"], dtype=float)
        return (np.asarray(given["x"]) + given["epsilon"] * np.sign(g)).tolist()
    if family == "cross_entropy":
        return -float(np.log(np.asarray(earlier["softmax"])[given["y"]]))
    if family == "activation_derivative":
        z, act = np.asarray(given["z"], dtype=float), given["activation"]
        if later == "dh/dz":
            h = np.asarray(earlier["h"], dtype=float)
            d = {"sigmoid": h * (1 - h), "tanh": 1 - h**2, "relu": (z > 0).astype(float)}[act]
            return d.tolist() if d.ndim else float(d)
        d = np.asarray(given["upstream"], dtype=float) * np.asarray(earlier["dh/dz"])
        return d.tolist() if d.ndim else float(d)
    if family == "regularization":
        w = np.asarray(given["w"], dtype=float) - given["lr"] * np.asarray(earlier["dL/dw"])
        return w.tolist()
    if family == "count_params":
        n = given["sizes"]
        layer_weights = [a * b for a, b in zip(n[:-1], n[1:])]
        layer_weights[1] = earlier.get("layer_weights[1]", layer_weights[1])
        biases = earlier.get("biases", sum(n[1:]))
        return float(earlier.get("weights", sum(layer_weights)) + biases)
    if family == "early_stopping":
        seen = given["val"][: int(earlier["stop_epoch"])]
        return float(seen.index(min(seen)) + 1)
    if family == "vanishing":
        return given["upstream"] * float(np.prod(given["w"])) * earlier["product"]
    if family == "perceptron":
        theta, x, y = (np.asarray(given[k], dtype=float) for k in ("theta", "x", "y"))
        moved = y * earlier["score"] <= 0
        lr = given.get("lr", 1)
        new_theta = theta + lr * y * x if moved else theta
        return new_theta.tolist() if later == "theta_new" else given["b"] + lr * y * moved
    if family == "separable":
        return 1.0
    raise AssertionError(family)


def _scaled(v, k: float, floor: float):
    """k·v, each entry (a 0 becomes ``floor``): wrong, and still a value of its kind."""
    if isinstance(v, list):
        return [_scaled(x, k, floor) for x in v]
    return float(v) * k if v else floor


def _flipped(v):
    return [_flipped(x) for x in v] if isinstance(v, list) else 1.0 - float(v)


def _renormed(p):
    """Other probabilities (p², normalised): wrong, and still probabilities."""
    q = np.asarray(p, dtype=float) ** 2
    return (q / q.sum()).tolist()


# How a student goes wrong in the earlier part, where 1.37·v + 0.11 will not do: a
# wrong value that is still one of its kind (a probability, a count, an epoch training
# can stop at, a value the activation gives), since nothing is carried from an
# impossible one (tested apart below).
WRONG = {
    "score": lambda v, g: -float(v) - 1.0,  # the other side: the update decision flips
    # stopped as soon as patience allows: the best of the first patience + 1 epochs
    "stop_epoch": lambda v, g: float(g["patience"] + 1),
    "layer_weights[1]": lambda v, g: float(v) + 10.0,
    "layer_weights": lambda v, g: [float(x) + 10.0 for x in v],
    "weights": lambda v, g: float(v) + 10.0,
    "biases": lambda v, g: float(v) + 3.0,
    "errors": lambda v, g: 0.0,
    "softmax": lambda v, g: _renormed(v),
    "h": lambda v, g: _scaled(v, 0.8, 0.05),
    # σ′ ≤ 1/4, tanh′ ≤ 1, ReLU′ 0 or 1 (the other one)
    "dh/dz": lambda v, g: _flipped(v) if g["activation"] == "relu" else _scaled(v, 0.5, 0.1),
    "product": lambda v, g: float(v) * 0.5,
}


def _wrong(asks: str):
    if asks in WRONG:
        return WRONG[asks]
    if asks[:1] == "h" and asks[1:2].isdigit():  # a network's hK: still in σ's range
        return WRONG["h"]
    return lambda v, g: wrong(v)


def _cases():
    out = []
    for family in registry.ids():
        for difficulty in ("easy", "medium", "hard"):
            p = registry.generate(family, 3, difficulty)
            links = registry.get(family).chains([x.asks for x in p.parts])
            if links:
                out.append((family, difficulty))
    return out


CASES = _cases()


def test_the_families_with_chains():
    assert {f for f, _ in CASES} == {
        "perceptron", "separable", "neuron", "forward", "activation_derivative",
        "cross_entropy", "count_params", "regularization", "early_stopping", "vanishing",
        "fgsm", "sgd", "backprop",
    }  # fmt: skip


def _student(family: str, difficulty: str):
    """A problem, a link, and answers wrong in the link's earlier parts and consistent in
    its later part (a seed where consistent is not simply right)."""
    for seed in range(60):
        p = registry.generate(family, seed, difficulty)
        for link in registry.get(family).chains([x.asks for x in p.parts]):
            later = p.parts[link.later]
            if split_entry(later.asks)[1]:
                continue
            earlier = {}
            for j in link.earlier:
                part = p.parts[j]
                earlier[part.asks] = _wrong(part.asks)(part.answer, p.given)
            try:
                value = consistent(family, p.given, later.asks, earlier)
            except (ValueError, IndexError, ZeroDivisionError):
                continue
            if value is None or _share(value, later.answer, later) == 1:
                continue  # consistent is right here: nothing to carry
            if not np.all(np.isfinite(np.asarray(value, dtype=float))):
                continue
            answers = {p.parts[j].label: text(earlier[p.parts[j].asks]) for j in link.earlier}
            answers[later.label] = text(value)
            return p, later, answers
    pytest.skip(f"no seed of {family} ({difficulty}) where a wrong earlier answer matters")


THROUGH_DELTA = ("sgd", "backprop")  # their chains carry δ: tested below, on their own


@pytest.mark.parametrize(("family", "difficulty"), [c for c in CASES if c[0] not in THROUGH_DELTA])
def test_a_later_part_consistent_with_a_wrong_earlier_part_gets_its_credit(family, difficulty):
    p, later, answers = _student(family, difficulty)
    alone = next(x for x in grade(p, answers).parts if x.label == later.label).score
    for ecf in (1.0, 0.5, 0.0):
        g = grade(p, answers, ecf=ecf)
        part = next(x for x in g.parts if x.label == later.label)
        assert not part.correct
        # every entry follows: the right ones keep their share, the others earn ecf of theirs
        assert part.carried == (ecf > 0), (family, answers, part)
        assert part.score == pytest.approx(alone + ecf * (1 - alone)), (family, ecf, answers)
        if part.carried:
            assert f"({later.label}) follows correctly from your" in part.feedback[0]


@pytest.mark.parametrize(("family", "difficulty"), CASES)
def test_every_chain_gives_the_right_answer_from_the_right_answers(family, difficulty):
    for seed in range(25):
        p = registry.generate(family, seed, difficulty)
        for link in registry.get(family).chains([x.asks for x in p.parts]):
            later = p.parts[link.later]
            values = tuple(p.parts[j].answer for j in link.earlier)
            got = link.follow(p.given, values, split_entry(later.asks)[1])
            if got is None and family == "separable":
                continue  # a line with errors says nothing about separability
            assert got is not None and _share(got, later.answer, later) == 1, (p.id, later)


def test_network_chains_for_a_problem_a_user_writes():
    """Backward chains and steps (δ, ∂L/∂W, ∂L/∂x, new weights), with entries, from the
    right answers give the right answers."""
    base = registry.generate("sgd", 4, "hard")
    n = len(base.given["layers"])
    asks = ["z2", "h2", "output", "loss", f"dL/dz{n + 1}"]
    asks += [f"dL/dz{k}" for k in range(n, 1, -1)]
    asks += ["dL/dx", f"dL/db{n}", f"dL/dW{n}", f"W{n}_new", f"W{n}_new[0,1]", "W1_new[1,1]"]
    p = registry.solve("sgd", dict(base.given), asks)
    links = registry.get("sgd").chains(asks)
    assert len(links) >= 13
    for link in links:
        later = p.parts[link.later]
        values = tuple(p.parts[j].answer for j in link.earlier)
        got = link.follow(p.given, values, split_entry(later.asks)[1])
        assert got is not None and _share(got, later.answer, later) == 1, later.asks


def test_nothing_is_carried_from_a_blank_or_unreadable_earlier_part():
    p = registry.generate("neuron", 3, "easy")
    h = p.parts[1]
    for a in ("", "ln(("):
        g = grade(p, {"a": a, "b": text(wrong(h.answer))}, ecf=1.0)
        assert not g.parts[1].carried and g.parts[1].score == 0


def test_check_gives_credit_carried_forward():
    """The same rule from the command line: z wrong, h = g(z) of that wrong z."""
    from ..conftest import run_cli

    for seed in range(40):
        p = registry.generate("neuron", seed, "easy")
        z = p.parts[0].answer
        h = consistent("neuron", p.given, "h", {"z": z + 2.0})
        if abs(h - p.parts[1].answer) > 0.01:
            break
    r = run_cli("check", p.id, "--answer", f"a={z + 2.0!r}; b={h!r}")
    assert r.returncode == 1, r.stderr  # (a) is wrong
    assert "Part b: follows from your earlier answer (score 1)" in r.stdout
    assert "(b) follows correctly from your (a): error carried forward, full credit." in r.stdout
    assert "Score: 0.5 (0 of 2 parts right, 1 more follows from your earlier answers)" in r.stdout


def _with_delta(p, factor: float, bump: float = 0.0) -> dict[str, object]:
    """Every part of a network problem as a student works it who got the output error
    wrong (δ' = factor·δ + bump) and the rest right: by the reference MLP of nnquiz.nn,
    the gradients δh_kᵀ and δ, the steps θ − η·gradient."""
    given = p.given
    net = MLP.build([(lay["W"], lay["b"], lay["activation"]) for lay in given["layers"]])
    trace = net.forward(given["x"])
    right = net.output_delta(trace, given["y"], given["loss"])
    net.backpropagate(trace, factor * np.asarray(right) + bump)
    out = {}
    for part in p.parts:
        name, index = split_entry(part.asks)
        kind, layer = name.removeprefix("dL/d")[0], int(name.removeprefix("dL/d")[1])
        grad = trace.dW[layer - 1] if kind == "W" else trace.db[layer - 1]
        if name.endswith("_new"):
            param = net.layers[layer - 1].W if kind == "W" else net.layers[layer - 1].b
            grad = param - given["lr"] * grad
        value = np.asarray(grad)[index] if index else np.asarray(grad)
        out[part.label] = value.tolist() if value.size > 1 else float(value.ravel()[0])
    return out


@pytest.mark.parametrize("difficulty", ["easy", "medium", "hard"])
@pytest.mark.parametrize("family", THROUGH_DELTA)
def test_a_wrong_error_delta_carries_to_every_gradient_and_step_below(family, difficulty):
    """(a) worked from a wrong output error δ (1.37δ + 0.11), the later parts consistent
    with it: each later part gets its credit carried forward, from the student's (a)."""
    carried = 0
    for seed in range(8):
        p = registry.generate(family, seed, difficulty)
        right = _with_delta(p, 1.0)
        assert all(_share(right[x.label], x.answer, x) == 1 for x in p.parts), p.id
        answers = {label: text(v) for label, v in _with_delta(p, 1.37, 0.11).items()}
        alone = grade(p, answers, ecf=0.0).parts
        if alone[0].correct:
            continue  # 1.37δ + 0.11 happens to be δ
        for ecf in (1.0, 0.5):
            g = grade(p, answers, ecf=ecf)
            for part, before in zip(g.parts[1:], alone[1:]):
                if before.score >= ecf:
                    continue  # entries δ does not reach (a dead ReLU unit) earn as much
                assert part.carried, (p.id, ecf, part)
                assert part.score == pytest.approx(max(ecf, before.score))
                assert f"({part.label}) follows correctly from your (" in part.feedback[0]
                carried += 1
    assert carried >= 8


def test_a_step_taken_the_wrong_way_carries_nothing():
    """The same slip in every step (uphill, or without η) is a mistake in each step, not an
    error carried forward: (b) is named as the mistake and earns nothing."""
    for seed in range(6):
        p = registry.generate("sgd", seed, "medium")
        right = _with_delta(p, 1.0)
        for mistake in ("step_ascent", "step_no_lr"):
            answers = {}
            for part in p.parts:
                name, index = split_entry(part.asks)
                layer = p.given["layers"][int(name[1]) - 1]
                old = np.asarray(layer["W"], dtype=float)
                old = old[index] if index else old
                step = old - np.asarray(right[part.label])  # η·∂L/∂W
                wrong = old + step if mistake == "step_ascent" else old - step / p.given["lr"]
                answers[part.label] = text(wrong.tolist() if wrong.ndim else float(wrong))
            g = grade(p, answers, ecf=1.0)
            assert g.parts[0].score < 1 and mistake in g.parts[0].mistakes, (p.id, mistake)
            assert not g.parts[1].carried and g.parts[1].score == 0, (p.id, mistake)


def test_a_batch_carries_nothing_through_delta():
    """A batch's gradient is a mean over examples, each with its own δ: no δ to carry."""
    base = registry.generate("sgd", 2, "easy")
    given = dict(base.given)
    given["x"], given["y"] = [list(given["x"]), [-x for x in given["x"]]], [given["y"], 1]
    p = registry.solve("sgd", given, ["W1_new", "b1_new"])
    answers = {"a": text(wrong(p.parts[0].answer)), "b": text(wrong(p.parts[1].answer))}
    for link in registry.get("sgd").chains([x.asks for x in p.parts]):
        values = tuple(p.parts[j].answer for j in link.earlier)
        assert link.follow(p.given, values, ()) is None
    assert not grade(p, answers, ecf=1.0).parts[1].carried


def test_the_parts_line_counts_credit_carried_forward_apart():
    """Practice and the page say how many parts were right and how many more follow
    from the student's earlier answers (a carried part is not 'right', nor silently 0)."""
    from nnquiz.practice.words import parts_line

    for seed in range(40):
        p = registry.generate("neuron", seed, "easy")
        z = p.parts[0].answer
        h = consistent("neuron", p.given, "h", {"z": z + 2.0})
        if abs(h - p.parts[1].answer) > 0.01:
            break
    g = grade(p, {"a": repr(z + 2.0), "b": repr(h)}, ecf=1.0)
    assert [x.carried for x in g.parts] == [False, True]
    said, style = parts_line(g)
    assert said == "✗ 0 of 2 parts right, 1 more follows from your earlier answers."
    assert style == "bad"
    right = grade(p, {"a": repr(z), "b": repr(p.parts[1].answer)}, ecf=1.0)
    assert parts_line(right) == ("✓ All 2 parts right.", "good")


def test_a_right_entry_keeps_its_full_credit_beside_an_entry_carried_forward():
    """x_adv from a ∂L/∂x with one sign wrong: its other entry is simply right (full
    credit, as partial credit gives it), the one that follows the student's wrong sign
    earns ecf of its share. It earned 0.5 at ecf = 0.5, as much as a garbage entry in
    its place would: the carried entry counted for nothing."""
    for seed in range(60):
        p = registry.generate("fgsm", seed, "easy")
        dx = np.asarray(p.parts[0].answer, dtype=float)
        if dx.size == 2 and np.all(dx != 0):
            break
    flipped = dx.copy()
    flipped[0] = -flipped[0]
    x_adv = np.asarray(p.given["x"], dtype=float) + p.given["epsilon"] * np.sign(flipped)
    answers = {"a": text(flipped.tolist()), "b": text(x_adv.tolist())}
    right_share = {0.0: 0.5, 0.5: 0.75, 1.0: 1.0}
    for ecf, want in right_share.items():
        g = grade(p, answers, ecf=ecf)
        assert g.parts[0].score == 0.5
        assert g.parts[1].score == pytest.approx(want), (ecf, g.parts[1])
        assert g.parts[1].carried == (ecf > 0)
    garbage = dict(answers, b=text([x_adv[0] + 7.0, x_adv[1]]))
    assert grade(p, garbage, ecf=0.5).parts[1].score == 0.5


def test_a_part_that_follows_from_the_earlier_answer_names_no_slip_of_its_own():
    """sgd:v2:easy:6 worked with a doubled output error: (b) follows from (a), and
    `check` said so, then told the student "Close, but outside the tolerance: did you
    round too early?", and a class summary counted it under rounding. What the part
    differs by is the earlier answer, not a slip in this one: no general slip is named
    (a family's declared mistake still is)."""
    from nnquiz.answers import GENERAL_MISTAKES

    from ..conftest import run_cli

    r = run_cli("check", "sgd:v2:easy:6", "--answer", "a=[[1.95232, 2.04768]]; b=2.02384")
    assert "Part b: follows from your earlier answer (score 1)" in r.stdout
    b = r.stdout.split("Part b:")[1].split("Score:")[0]
    assert "round too early" not in b, b
    seen = 0
    for family in THROUGH_DELTA:
        for difficulty in ("easy", "medium", "hard"):
            for seed in range(15):
                p = registry.generate(family, seed, difficulty)
                for factor in (2.0, 1.2, 0.5):
                    answers = {k: text(v) for k, v in _with_delta(p, factor).items()}
                    for part in grade(p, answers, ecf=0.5).parts[1:]:
                        if part.carried and part.score == 0.5:  # every entry follows
                            seen += 1
                            assert not set(part.mistakes) & set(GENERAL_MISTAKES), (p.id, part)
                            assert not any("round too early" in f for f in part.feedback)
    assert seen > 100


def test_a_carried_part_names_no_declared_mistake_the_student_did_not_make():
    """fgsm:5 with the sign of ∂L/∂x slipped in (a) and x_adv = x + ε·sign(their (a)) in
    (b): `check` gave (b) full credit carried forward, then told the student "FGSM moves
    along the sign of the gradient, not against it": they did move along their gradient's
    sign. Likewise forward:v3:easy:3 with z's sign slipped and h = σ(their z): credit,
    then "you used e^(+z)", which they did not. A declared mistake is named on a carried
    part only when the earlier part it follows from names it too (a doubled output
    derivative in (a) is still named in every part it carries to)."""
    from ..conftest import run_cli

    r = run_cli("check", "fgsm:5", "--answer", "a=[0.852, -0.639]; b=[0, 1.5]")
    b = r.stdout.split("Part b:")[1].split("Score:")[0]
    assert "follows correctly from your (a)" in b, r.stdout
    assert "FGSM moves along the sign" not in b, b
    r = run_cli("check", "forward:v3:easy:3", "--answer", "a=1; b=0.7311")
    b = r.stdout.split("Part b:")[1].split("Score:")[0]
    assert "follows correctly from your (a)" in b, r.stdout
    assert "e^(+z)" not in b, b
    # the doubled output derivative, made in (a), is named where it carries
    p = registry.generate("backprop", 1, "medium")
    doubled = next(m for m in p.mistakes if m.id == "double_output_derivative")
    g = grade(p, {k: text(v) for k, v in doubled.answers.items()}, ecf=1.0)
    assert g.parts[1].carried and g.parts[2].carried
    assert all(x.mistake == "double_output_derivative" for x in g.parts), g.parts


def test_a_part_whose_every_entry_follows_does_not_count_them_wrong():
    """x_adv worked from a sign-slipped ∂L/∂x: under "(b) follows correctly from your
    (a): … full credit" the student read "0 of 2 entries right; wrong: entries 1 and 2",
    which reads as a contradiction. The count stays where some entries are right (it
    says which entries are the carried ones) and on the earlier part."""
    from ..conftest import run_cli

    r = run_cli("check", "fgsm:5", "--answer", "a=[0.852, -0.639]; b=[0, 1.5]")
    a, b = r.stdout.split("Part b:")[0], r.stdout.split("Part b:")[1].split("Score:")[0]
    assert "follows correctly from your (a): error carried forward, full credit" in b, b
    assert "entries right" not in b, b
    assert "0 of 2 entries right; wrong: entries 1 and 2." in a, a
    r = run_cli("check", "fgsm:5", "--answer", "a=[-0.852, -0.639]; b=[-1, 1.5]")
    b = r.stdout.split("Part b:")[1].split("Score:")[0]
    assert "(its entries that are not right)" in b and "1 of 2 entries right; wrong: entry 2." in b
