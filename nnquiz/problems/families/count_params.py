"""Family ``count_params``: the weights and biases of a fully connected network.

Layer sizes n₁, …, n_{L+1} count units, without bias units (n₁ = d, the inputs). W⁽ᵏ⁾
connects every unit of layer k to every unit of layer k + 1: n_k·n_{k+1} weights, plus
n_{k+1} biases. Counting the bias as a weight from an extra unit fixed at 1 gives the
notes' "d + 1 units in the input layer": (n_k + 1)·n_{k+1} parameters. Two fully
connected layers of width n need n² connections.

given: ``{"sizes": [n_1, …, n_{L+1}]}``; asks: ``weights``, ``biases``, ``params``
(totals), ``layer_weights``, ``layer_params`` (per W⁽ᵏ⁾, as vectors; ``[k]`` is W⁽ᵏ⁺¹⁾).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Any

import numpy as np

from .. import draws, pictures, plain
from ..chains import Link, split_entry
from ..family import Built, Family, GivenError
from ..model import prose, step
from ..notation import EQ, PLUS, TIMES, M, cat, inline, join, num, paren, sub, sym

KEYS = ("sizes",)
MAX_UNITS = 100_000


W_K = M("W⁽ᵏ⁾", r"W^{(k)}")
K1 = M("k + 1", "k + 1")
D1 = M("d + 1", "d + 1")


def _per_layer(what: str):
    return lambda k: cat(M(f"{what} in ", rf"\text{{{what} in }}"), sym("W", k))


def _layer_prompt(what: str):
    def prompt(i: int | None) -> tuple:
        if i is None:
            return (
                f"How many {what} does each weight matrix ",
                W_K,
                " have (a list, one per layer)?",
            )
        return (f"How many {what} does ", sym("W", i + 1), " have?")

    return prompt


# the prompts say "the network": after "How many weights does W⁽²⁾ have?", "it" would not
QUANTITIES = {
    "weights": plain.Quantity(
        M("weights", r"\text{weights}"),
        tol=plain.EXACT,
        prompt=("How many weights (not counting biases) does the network have?",),
    ),
    "biases": plain.Quantity(
        M("biases", r"\text{biases}"),
        tol=plain.EXACT,
        prompt=("How many biases does the network have?",),
    ),
    "params": plain.Quantity(
        M("parameters", r"\text{parameters}"),
        tol=plain.EXACT,
        prompt=("How many parameters (weights and biases) does the network have in all?",),
    ),
    "layer_weights": plain.Quantity(
        M("weights per layer", r"\text{weights per layer}"),
        entry=_per_layer("weights"),
        tol=plain.EXACT,
        prompt=_layer_prompt("weights"),
    ),
    "layer_params": plain.Quantity(
        M("parameters per layer", r"\text{parameters per layer}"),
        entry=_per_layer("parameters"),
        tol=plain.EXACT,
        prompt=_layer_prompt("parameters (weights and biases)"),
    ),
}


def validate(given: dict[str, Any]) -> dict[str, Any]:
    plain.no_extra(given, KEYS)
    sizes = plain.vector(given, "sizes")
    if len(sizes) < 2:
        raise GivenError("given.sizes", "needs at least 2 layers (input and output)")
    for i, n in enumerate(sizes):
        if isinstance(n, float) and n != int(n) or not 1 <= n <= MAX_UNITS:
            raise GivenError(f"given.sizes[{i}]", f"must be a whole number from 1 to {MAX_UNITS}")
    return {"sizes": [int(n) for n in sizes]}


def draw(rng: np.random.Generator, difficulty: str) -> tuple[dict[str, Any], list[str]]:
    if difficulty == "easy":
        sizes = [int(rng.integers(2, 7)), int(rng.integers(2, 9)), int(rng.integers(1, 5))]
        return {"sizes": sizes}, ["weights", "params"]
    if difficulty == "medium":
        d, n, k = int(rng.integers(2, 11)), int(rng.integers(3, 17)), int(rng.integers(1, 6))
        return {"sizes": [d, n, n, k]}, ["layer_weights[1]", "params"]
    d = draws.choice(rng, (784, 256, 100, 64, 32, 20))
    n = draws.choice(rng, (512, 256, 128, 100, 64, 50, 32))
    m = draws.choice(rng, (64, 50, 32, 16, 10))
    k = draws.choice(rng, (10, 5, 3, 1))
    return {"sizes": [d, n, n, m, k]}, ["layer_weights[1]", "biases", "params"]


def counts(sizes: Sequence[int], bias: str = "unit") -> dict[str, np.ndarray | float]:
    """Every count; ``bias`` says how biases are counted (the right way, or a mistake)."""
    n = np.asarray(sizes, dtype=float)
    w = n[:-1] * n[1:]
    b = _biases(n, bias)
    return {
        "weights": float(w.sum()),
        "biases": float(b.sum()),
        "params": float((w + b).sum()),
        "layer_weights": w,
        "layer_params": w + b,
    }


def _biases(n: np.ndarray, bias: str) -> np.ndarray:
    """Each layer's bias count, counted the way ``bias`` names (only that way is worked
    out: the mistakes ask for each in turn)."""
    if bias == "unit":
        return n[1:]
    if bias == "none":
        return 0 * n[1:]
    if bias == "per_layer":
        return np.ones(len(n) - 1)
    if bias == "first_only":
        return np.r_[n[1], np.zeros(len(n) - 2)]
    if bias == "with_inputs":
        return n[1:] + n[:-1] + 1  # (n_k + 1)(n_{k+1} + 1) − n_k n_{k+1}
    raise KeyError(bias)


MESSAGES = {
    "no_bias": "Every non-input unit has a bias too (the notes' w₀): count the input layer as "
    "d + 1 units.",
    "bias_per_layer": "Each unit has its own bias, not one per layer: layer k + 1 adds "
    "n_{k+1} biases.",
    "bias_first_layer_only": "Every layer's units have biases, not only the first hidden "
    "layer's: each W⁽ᵏ⁾ comes with n_{k+1} of them.",
    "bias_unit_has_inputs": "The bias unit is fixed at 1 and receives no weights: "
    "(n_k + 1)·n_{k+1}, not (n_k + 1)(n_{k+1} + 1).",
    "units_not_weights": "You counted units (nodes), not the connections between them.",
    "square_rule": "n² connections holds between two layers of the same width n; in general "
    "it is n_k·n_{k+1}.",
}
BIAS_MISTAKES = {
    "no_bias": "none",
    "bias_per_layer": "per_layer",
    "bias_first_layer_only": "first_only",
    "bias_unit_has_inputs": "with_inputs",
}


def mistakes(sizes: Sequence[int]) -> list[plain.MistakeSpec]:
    n = np.asarray(sizes, dtype=float)
    square = n[:-1] ** 2
    wrong: dict[str, Any] = {mid: counts(sizes, how) for mid, how in BIAS_MISTAKES.items()}
    wrong["units_not_weights"] = {"weights": float(n.sum()), "layer_weights": n[1:]}
    if len(set(sizes[:-1])) > 1 or sizes[-1] != sizes[-2]:
        wrong["square_rule"] = {"weights": float(square.sum()), "layer_weights": square}
    return plain.specs(MESSAGES, wrong)


def build(given: dict[str, Any], asks: Sequence[str]) -> Built:
    sizes = given["sizes"]
    L = len(sizes) - 1
    parsed = plain.parse_asks(asks, QUANTITIES, {"layer_weights": L, "layer_params": L})
    exact = counts(sizes)
    return plain.finish(
        title=f"Counting the parameters of a {'-'.join(map(str, sizes))} network",
        quantities=QUANTITIES,
        parsed=parsed,
        exact=exact,
        rounded=None,  # computed from the given numbers: only the answer is rounded
        mistakes=lambda: mistakes(sizes),
        question=lambda: question(sizes),
        steps=lambda: solution(sizes, exact),
        figures=lambda: [pictures.architecture(tuple(sizes))],
        allow_zero=True,
        max_magnitude=1e11,
    )


def _units(n: int, unit: str) -> str:
    return f"{n} {unit}" + "s" * (n != 1)


def question(sizes: Sequence[int]):
    parts: list = [
        "input layer 1 with ",
        cat(M("d", "d"), EQ, num(sizes[0])),
        " input" + "s" * (sizes[0] != 1),
    ]
    for k, n in enumerate(sizes[1:], start=2):
        kind = "output layer" if k == len(sizes) else "hidden layer"
        parts.append(f", {kind} {k} with {_units(n, 'unit')}")
    return [
        prose("A fully connected network has layer sizes ", inline(list(sizes)), ": ", *parts, "."),
        prose(
            "Every unit after the input has a bias (the notes' ",
            sub("w", 0),
            "). Counting it as a weight from an extra unit fixed at 1 is why the notes give "
            "the input layer ",
            D1,
            " units.",
        ),
    ]


def _count(n: int, what: str) -> M:
    """The words after a count: " 12 weights", " 1 bias" (in LaTeX's text mode)."""
    words = what if n != 1 else what.removesuffix("es" if what == "biases" else "s")
    return M(f" {words}", rf"\text{{ {words}}}")


def layer_line(k: int, a: int, b: int) -> M:
    """W⁽ᵏ⁾: a·b = … weights + b biases = (a + 1)·b = …; a·b = a² = … when a = b."""
    square = (EQ, M(f"{num(a).text}²", f"{num(a).latex}^2")) if a == b else ()
    weights = cat(num(a), TIMES, num(b), *square, EQ, num(a * b), _count(a * b, "weights"))
    biases = cat(num(b), _count(b, "biases"))
    total = cat(paren(cat(num(a), PLUS, num(1))), TIMES, num(b))
    return cat(
        sym("W", k + 1),
        M(": ", r":\ "),
        weights,
        PLUS,
        plain.eq(biases, total, num((a + 1) * b)),
    )


def total_line(name: str, terms, result: float) -> M:
    label = M(name, rf"\text{{{name}}}")
    return plain.eq(label, join((num(float(v)) for v in terms), PLUS), num(result))


def solution(sizes: Sequence[int], exact: dict[str, Any]) -> list:
    lines = [layer_line(k, sizes[k], sizes[k + 1]) for k in range(len(sizes) - 1)]
    square = (", ", M("n²", "n^2"), " between two layers of width ", M("n", "n"))
    if all(a != b for a, b in zip(sizes, sizes[1:])):
        square = ()
    return [
        step(
            (
                W_K,
                " joins every unit of layer ",
                M("k", "k"),
                " to every unit of layer ",
                K1,
                " (",
                M("n_k·n_{k+1}", r"n_k n_{k+1}"),
                " weights",
                *square,
                ") and adds one bias per unit of layer ",
                K1,
                ":",
            ),
            *lines,
        ),
        step(
            "Totals:",
            total_line("weights", exact["layer_weights"], exact["weights"]),
            total_line("biases", sizes[1:], exact["biases"]),
            total_line("parameters", [exact["weights"], exact["biases"]], exact["params"]),
        ),
    ]


COUNTS = ("weights", "biases", "layer_weights", "layer_params")


def links(asks: Sequence[str]) -> tuple[Link, ...]:
    """``params`` follows from any earlier count (each alone, and all of them together),
    ``weights`` from earlier per-layer weights: the student's counts replace the right
    ones in the sum."""
    parsed = [split_entry(a) for a in asks]
    out = []
    for k, (name, index) in enumerate(parsed):
        if name not in ("params", "weights") or index:
            continue
        usable = COUNTS if name == "params" else ("layer_weights",)
        before = [(j, n, i) for j, (n, i) in enumerate(parsed[:k]) if n in usable]
        for j, n, i in before:
            out.append(Link(k, (j,), partial(_total, name, ((n, i),))))
        if len(before) > 1:
            both = tuple((n, i) for _, n, i in before)
            out.append(Link(k, tuple(j for j, _, _ in before), partial(_total, name, both)))
    return tuple(out)


def _whole(v: Any) -> np.ndarray:
    a = np.asarray(v, dtype=float)
    return (a >= 1) & (a == np.round(a))


def _total(later: str, parts: tuple, given: dict[str, Any], values: tuple, index: tuple):
    """The total ``later`` with the student's counts (``parts``: names and entries);
    None when one is no count of a layer (not a whole number of 1 or more)."""
    if not all(np.all(_whole(v)) for v in values):
        return None
    c = counts(given["sizes"])
    w = np.array(c["layer_weights"], dtype=float)
    b = np.array(c["layer_params"], dtype=float) - w
    totals: dict[str, float] = {}
    for (name, i), v in zip(parts, values):
        if name in ("weights", "biases") and not i and not isinstance(v, list):
            totals[name] = float(v)
        elif name in ("layer_weights", "layer_params"):
            target = np.atleast_1d(np.asarray(v, dtype=float))
            where = [i[0]] if i else list(range(len(w)))
            if len(target) != len(where) or any(k >= len(w) for k in where):
                return None
            for k, t in zip(where, target):
                if name == "layer_weights":
                    w[k] = t
                else:
                    b[k] = t - w[k]
        else:
            return None
    weights = totals.get("weights", float(w.sum()))
    if later == "weights":
        return weights
    return weights + totals.get("biases", float(b.sum()))


FAMILY = Family(
    id="count_params",
    topic="Choice of architecture",
    title="Counting weights and biases",
    draw=draw,
    build=build,
    validate=validate,
    default_asks=lambda given: ["weights", "biases", "params"],
    given_doc='{"sizes": [d, n_2, ..., n_out]} (units per layer, without bias units)',
    asks_doc="weights, biases, params, layer_weights, layer_params (and entries [k])",
    chains=links,
)
