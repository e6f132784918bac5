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


def vector(value: Any, where: str) -> list:
    if not isinstance(value, list) or not value:
        raise GivenError(where, f"expected a non-empty list of numbers, got {value!r}")
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
