"""Shared plumbing for families whose ``given`` is not a network.

A family names its quantities (``Quantity``: a symbol, words for the prompt, a
tolerance), computes every value once exactly and once as a student who rounds what the
solution shows, lists its common mistakes as ``(id, message, {ask name: wrong value})``,
and hands everything to :func:`finish`, which builds the parts, the answers step and a
lazy :class:`~nnquiz.problems.family.Built`. Asks are ``name`` or ``name[i]`` (0-based),
read by :func:`nnquiz.problems.entries.parse_entry`.

The ``given`` checkers raise :class:`GivenError` naming the field at fault
(``given.mask[2]: must be 0 or 1``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from string import Formatter
from typing import Any

import numpy as np

from ..figures import Figure
from .entries import parse_entry
from .family import Built, GivenError, Rendered, collect_mistakes
from .given import check_keys
from .given import matrix as read_matrix
from .given import number as read_number
from .given import vector as read_vector
from .model import (
    LABELS,
    STEP_TOL,
    TOL,
    Answer,
    Part,
    Step,
    Tol,
    prose,
    step,
    to_plain,
    with_step_tol,
    yes_no_word,
)
from .notation import EQ, M, answer_value, cat, inline, is_exact, join, num, round_array

EXACT = Tol(rel=0.0, abs=1e-9)  # counts, epochs, yes/no: only the exact value
Value = Any  # a float, a NumPy array, or None where a mistake leaves a part alone
MistakeSpec = tuple[str, str, Mapping[str, Value]]


@dataclass(frozen=True)
class Quantity:
    """What an ask name refers to.

    ``symbol`` is the whole value; ``entry(k)`` the symbol of its 1-based entry k (None
    for a scalar); ``what`` the words before the symbol in the prompt; ``note`` words
    after it. ``yes_no``: the answer is 1 for yes and 0 for no, and the prompt ends with
    ``model.YES_NO``; the answers step says the word.
    """

    symbol: M
    what: str = ""
    entry: Callable[[int], M] | None = None
    tol: Tol = TOL
    note: str = ""
    # the whole prompt, when "Find what symbol." reads badly; a function of the 0-based
    # entry (None for the whole value) when entries need their own words
    prompt: tuple[M | str, ...] | Callable[[int | None], tuple[M | str, ...]] = ()
    yes_no: bool = False

    def symbol_of(self, i: int | None) -> M:
        return self.symbol if i is None or self.entry is None else self.entry(i + 1)


Ask = tuple[str, int | None]


def parse_asks(
    asks: Sequence[str], quantities: Mapping[str, Quantity], sizes: Mapping[str, int]
) -> list[Ask]:
    """Each ask as ``(name, index)``; GivenError names a bad one (``asks[1]: …``)."""
    names = tuple(quantities)
    out = []
    for k, raw in enumerate(asks):
        where = f"asks[{k}]"
        if not isinstance(raw, str):
            raise GivenError(where, f"expected a string, got {raw!r}")
        name, i = parse_entry(raw, names, 10**9, where)
        if i is not None:
            n = sizes.get(name)
            if n is None or quantities[name].entry is None:
                raise GivenError(where, f"{raw!r}: {name} is a single number, not a vector")
            if i >= n:
                raise GivenError(where, f"{raw!r}: no such entry (there are {n})")
        out.append((name, i))
    if not out:
        raise GivenError("asks", "asks for nothing")
    return out


def pick(value: Value, i: int | None) -> Answer:
    """An entry of a value, or the whole value, as plain floats.

    As for network problems, a vector of one entry is given as a number.
    """
    if i is not None:
        return to_plain(np.asarray(value, dtype=float)[i])
    if isinstance(value, list | np.ndarray) and np.ndim(value) == 1 and len(value) == 1:
        return to_plain(value[0])
    return to_plain(value)


def _prompt(q: Quantity, i: int | None) -> Step:
    if callable(q.prompt):
        return prose(*q.prompt(i))
    if q.prompt:
        return prose(*q.prompt)
    what = q.what + " " if q.what else ""
    note = f" ({q.note})" if q.note else ""
    return prose(f"Find {what}", q.symbol_of(i), f"{note}.")


def specs(messages: Mapping[str, str], wrong: Mapping[str, Mapping[str, Value] | None]):
    """``(id, message, values)`` for each mistake in ``wrong`` that applies (not None)."""
    return [(mid, messages[mid], values) for mid, values in wrong.items() if values is not None]


def shown(value: Value) -> np.ndarray:
    """A value as the solution shows it: exact when a short decimal, else to 4 digits."""
    a = np.asarray(value, dtype=float)
    flat = [v if is_exact(v) else float(round_array(v)) for v in a.reshape(-1).tolist()]
    return np.array(flat).reshape(a.shape)


def answers_step(parts: Sequence[Part], parsed: Sequence[Ask], qs: Mapping[str, Quantity]):
    lines = [
        cat(
            M(f"({p.label}) ", f"\\text{{({p.label})}}\\ "),
            qs[name].symbol_of(i),
            _said(p.answer) if qs[name].yes_no else answer_value(p.answer),
        )
        for p, (name, i) in zip(parts, parsed)
    ]
    return step("Answers:", *lines)


def _said(answer: Answer) -> M:
    word = yes_no_word(answer)
    return M(f": {word}", rf"\text{{: {word}}}")


def finish(
    *,
    title: str,
    quantities: Mapping[str, Quantity],
    parsed: Sequence[Ask],
    exact: Mapping[str, Value],
    rounded: Callable[[], Mapping[str, Value]] | None,
    mistakes: Callable[[], Sequence[MistakeSpec]],
    question: Callable[[], Sequence[Step]],
    steps: Callable[[], Sequence[Step]],
    figures: Callable[[], Sequence[Figure]] = tuple,
    **options: Any,
) -> Built:
    """A Built from values by ask name; mistakes, rounding and rendering stay lazy.

    ``rounded`` computes the values again as a student who rounds every value the solution
    shows; None when the answers are computed straight from the given numbers, so the
    student's only rounding is of the answer as shown (see :func:`shown`).
    ``figures`` draws the figures (only for the variant kept, with its statement).
    ``options`` go to :class:`Built` (``degenerate``, ``allow_zero``, ``min_magnitude``, …).
    """
    labels = LABELS[: len(parsed)]
    right = [pick(exact[name], i) for name, i in parsed]
    parts = [
        _part(label, ask, answer, quantities) for label, ask, answer in zip(labels, parsed, right)
    ]

    @cache  # once, not once a part
    def student() -> Mapping[str, Value]:
        return rounded() if rounded else {k: shown(v) for k, v in exact.items()}

    return Built(
        title,
        parts,
        lambda: _render(question(), [*steps(), answers_step(parts, parsed, quantities)]),
        lambda: _mistakes(mistakes(), parsed, labels, right),
        lambda: {lab: pick(student()[name], i) for lab, (name, i) in zip(labels, parsed)},
        figures=figures,
        **options,
    )


def _part(label: str, ask: Ask, answer: Answer, quantities: Mapping[str, Quantity]) -> Part:
    name, i = ask
    q = quantities[name]
    prompt = _prompt(q, i)
    raw = name if i is None else f"{name}[{i}]"
    part = Part(label, raw, prompt.text, answer, q.tol, prompt.latex)
    return with_step_tol(part) if q.tol == STEP_TOL else part


def _mistakes(specs_: Sequence[MistakeSpec], parsed: Sequence[Ask], labels, right) -> tuple:
    """The mistakes that change some part, each part's wrong value picked like its answer."""
    candidates = []
    with np.errstate(all="ignore"):
        for mid, message, values in specs_:
            wrong = [None if values.get(n) is None else pick(values[n], i) for n, i in parsed]
            candidates.append((mid, message, wrong))
    return collect_mistakes(candidates, labels, right)


def _render(question: Sequence[Step], solution: Sequence[Step]) -> Rendered:
    text = "\n".join(s.text for s in question)
    return Rendered(text, "\n".join(s.latex for s in question), tuple(solution))


# ---------------------------------------------------------------- writing


def say(template: str, **pieces: M | str) -> Step:
    """A sentence from a template: ``say("Weights {w}.", w=assign("w", [1, 2]))``."""
    parts: list[M | str] = []
    for literal, name, _, _ in Formatter().parse(template):
        parts.append(literal)
        if name:
            parts.append(pieces[name])
    return prose(*parts)


def assign(symbol: M | str, v: Any) -> M:
    """``symbol = v``, with v a number or a list written on one line."""
    return cat(symbol, EQ, inline(v) if isinstance(v, list) else num(v))


def eq(*pieces: M | str) -> M:
    """Pieces joined by ``=``: ``eq(lhs, formula, numbers)``."""
    return join(pieces, EQ)


# ---------------------------------------------------------------- checking a given


def required(given: Mapping[str, Any], key: str) -> Any:
    if key not in given:
        raise GivenError(f"given.{key}", "missing")
    return given[key]


def number(
    given: Mapping[str, Any],
    key: str,
    lo: float | None = None,
    hi: float | None = None,
    *,
    open_lo: bool = False,
) -> float | int:
    """A finite number in [lo, hi] (or (lo, hi] with ``open_lo``)."""
    where = f"given.{key}"
    v = read_number(required(given, key), where)
    if lo is not None and (v < lo or (open_lo and v == lo)):
        raise GivenError(where, f"must be {'greater than' if open_lo else 'at least'} {lo}")
    if hi is not None and v > hi:
        raise GivenError(where, f"must be at most {hi}")
    return v


def integer(given: Mapping[str, Any], key: str, lo: int, hi: int) -> int:
    where = f"given.{key}"
    v = required(given, key)
    if isinstance(v, bool) or not isinstance(v, int):
        if not (isinstance(v, float) and math.isfinite(v) and v == int(v)):
            raise GivenError(where, f"expected a whole number, got {v!r}")
        v = int(v)
    if not lo <= v <= hi:
        raise GivenError(where, f"must be a whole number from {lo} to {hi}")
    return v


def vector(given: Mapping[str, Any], key: str, size: int | None = None) -> list:
    v = read_vector(required(given, key), f"given.{key}")
    if size is not None and len(v) != size:
        raise GivenError(f"given.{key}", f"has {len(v)} entries; expected {size}")
    return v


def matrix(given: Mapping[str, Any], key: str) -> list[list]:
    return read_matrix(required(given, key), f"given.{key}")


def one_of(given: Mapping[str, Any], key: str, options: Sequence[Any]) -> Any:
    """One of ``options`` (names, or numbers such as the labels 1 and -1)."""
    v = required(given, key)
    for option in options:
        if v == option and not isinstance(v, bool) and type(v) is not list:
            return option
    choices = ", ".join(map(str, options))
    raise GivenError(f"given.{key}", f"unknown {key} {v!r} (one of {choices})")


def labels(values: Sequence[Any], key: str, allowed: Sequence[int]) -> list[int]:
    """Entries that must each be one of ``allowed`` (0/1 masks, ±1 labels)."""
    for i, v in enumerate(values):
        if isinstance(v, bool) or v not in allowed:
            raise GivenError(f"given.{key}[{i}]", f"must be {' or '.join(map(str, allowed))}")
    return [int(v) for v in values]


def no_extra(given: Mapping[str, Any], known: Sequence[str]) -> None:
    """Refuse a key the family does not read (a typo would otherwise be ignored)."""
    check_keys(given, known, "given")
