"""Reading the numbers a person writes in a ``given`` (``nnquiz solve``): each checked,
with the field at fault named (``given.layers[0].W[1][2]: expected a number``).

Every table a person writes (the file, its ``given``, each layer) refuses a key nobody
reads, naming the nearest known one, so a typo never passes silently:
``given.layers[0]: unknown key 'activaton' (did you mean 'activation'?)``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from .family import GivenError

# Words people write for a key by another name (checked before spelling): the first of
# a word's keys that the table knows is suggested.
ALIASES = {
    "learning_rate": ("lr",),
    "eta": ("lr",),
    "rate": ("lr",),
    "eps": ("epsilon",),
    "bias": ("b", "w0"),
    "biases": ("b",),
    "weights": ("W", "w", "theta"),
    "weight": ("W", "w", "theta"),
    "input": ("x",),
    "inputs": ("x",),
    "label": ("y", "labels"),
    "labels": ("y", "labels"),
    "target": ("y",),
    "targets": ("y",),
    "z": ("logits",),
    "probs": ("p",),
    "probabilities": ("p",),
    "act": ("activation",),
    "activations": ("activation",),
    "ask": ("asks",),
    "question": ("asks",),
}


def nearest(key: str, known: Sequence[str]) -> str | None:
    """The known key ``key`` most likely misspells or renames, or None."""
    folded = {k.lower(): k for k in known}
    if key.lower() in folded:
        return folded[key.lower()]
    for alias in ALIASES.get(key.lower(), ()):
        if alias in known:
            return alias
    import difflib  # only for a typo: most files have none

    close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.6)
    return close[0] if close else None


def unknown_key(key: str, known: Sequence[str]) -> str:
    """``unknown key 'activaton' (did you mean 'activation'?)``, or the known keys."""
    near = nearest(key, known)
    if near is not None:
        return f"unknown key {key!r} (did you mean {near!r}?)"
    return f"unknown key {key!r} (known: {', '.join(known)})"


def check_keys(table: Mapping[str, Any], known: Sequence[str], where: str) -> None:
    """Refuse a key of ``table`` (the value at ``where``) that is not in ``known``."""
    for key in table:
        if key not in known:
            raise GivenError(where, unknown_key(str(key), known))


def number(value: Any, where: str) -> float | int:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise GivenError(where, f"expected a number, got {value!r}")
    if isinstance(value, int) and abs(value) > 1e6:  # math.isfinite(10**400) overflows
        raise GivenError(where, "is too large (at most 1e6 in size)")
    if not math.isfinite(value):
        raise GivenError(where, "must be finite")
    if abs(value) > 1e6:
        raise GivenError(where, "is too large (at most 1e6 in size)")
    return value


BATCHES = "batches of examples, one list each, are worked only by forward, backprop, sgd and fgsm"


def vector(value: Any, where: str) -> list:
    if not isinstance(value, list) or not value:
        raise GivenError(where, f"expected a non-empty list of numbers, got {value!r}")
    if all(isinstance(v, list) for v in value):
        raise GivenError(where, f"expected one list of numbers, got a list of lists ({BATCHES})")
    if len(value) > 64:
        raise GivenError(where, "has more than 64 entries")
    return [number(v, f"{where}[{i}]") for i, v in enumerate(value)]


def matrix(value: Any, where: str) -> list[list]:
    if not isinstance(value, list) or not value or not all(isinstance(r, list) for r in value):
        raise GivenError(where, "expected a matrix: a non-empty list of rows (lists of numbers)")
    rows = [vector(r, f"{where}[{i}]") for i, r in enumerate(value)]
    if len({len(r) for r in rows}) != 1:
        raise GivenError(where, "rows have different lengths")
    if len(rows) > 64:
        raise GivenError(where, "has more than 64 rows")
    return rows


# ---------------------------------------------------------------- names people write

# Each name as nnquiz writes it, then the other names people use for it (any case; a
# space, '-' or '_' between words are the same). nnquiz's own titles call identity
# "linear", so it reads its own word.
ACTIVATION_NAMES = {
    "identity": ("linear", "none", "id"),
    "relu": (),
    "sigmoid": ("logistic", "sigma", "σ"),
    "tanh": (),
    "step": ("heaviside", "threshold", "unit_step"),
    "softmax": (),
}
LOSS_NAMES = {
    "cross_entropy": (
        "ce",
        "crossentropy",
        "categorical_crossentropy",
        "categorical_cross_entropy",
        "nll",
        "log_loss",
    ),
    "bce": ("binary_cross_entropy", "binary_crossentropy", "binary_ce"),
    "mse": ("mean_squared_error", "squared_error", "l2"),
}


def _folded(value: str) -> str:
    return value.strip().lower().replace("-", "_").replace(" ", "_")


def _reader(names: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {_folded(other): name for name, others in names.items() for other in (name, *others)}


_ACTIVATIONS = _reader(ACTIVATION_NAMES)
_LOSSES = _reader(LOSS_NAMES)


def _named(value: Any, where: str, what: str, known: dict[str, str], allowed) -> str:
    name = known.get(_folded(value)) if isinstance(value, str) else None
    if name is None or name not in allowed:
        words = ", ".join(allowed)
        raise GivenError(where, f"unknown {what} {value!r} (one of {words}, in any case)")
    return name


def activation(value: Any, where: str, allowed: Sequence[str] = tuple(ACTIVATION_NAMES)) -> str:
    """An activation's name as nnquiz writes it: ``ReLU`` → relu, ``linear`` and ``none``
    → identity, ``logistic`` → sigmoid; GivenError for one not in ``allowed``."""
    return _named(value, where, "activation", _ACTIVATIONS, allowed)


def loss(value: Any, where: str) -> str:
    """A loss's name as nnquiz writes it: ``CE``, ``cross-entropy`` and
    ``categorical_crossentropy`` → cross_entropy; ``binary_cross_entropy`` → bce."""
    return _named(value, where, "loss", _LOSSES, tuple(LOSS_NAMES))


def class_index(value: Any, n: int, where: str) -> int:
    """A cross-entropy label as its 0-based class: an index (``1``, ``1.0``) or a one-hot
    vector (``[0, 1, 0]``); GivenError naming the field otherwise."""
    if isinstance(value, list):
        hot = [i for i, v in enumerate(value) if v == 1 and not isinstance(v, bool)]
        others = [v for v in value if not (v == 0 or v == 1) or isinstance(v, bool)]
        if len(value) != n or len(hot) != 1 or others:
            raise GivenError(where, f"a one-hot label needs {n} entries: one 1, the rest 0")
        return hot[0]
    if isinstance(value, bool) or not isinstance(value, int | float) or value != int(value):
        raise GivenError(where, f"cross-entropy needs a class index from 0 to {n - 1}")
    if not 0 <= value < n:
        raise GivenError(where, f"cross-entropy needs a class index from 0 to {n - 1}")
    return int(value)


def numbers(value: Any, where: str) -> list:
    """A vector, or one number written alone (``x = 2`` for ``x = [2]``)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return [number(value, where)]
    return vector(value, where)


def rows(value: Any, where: str) -> list[list]:
    """A matrix, or one row written flat (``W = [1, 2]``: a single unit's weights)."""
    if isinstance(value, list) and value and not any(isinstance(v, list) for v in value):
        return [vector(value, where)]
    return matrix(value, where)
