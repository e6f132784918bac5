"""Chains: a later part whose answer follows from earlier parts by a formula.

A family declares its chains (``Family.chains``): which later part follows from which
earlier ones, as a function of the student's own earlier answers and the problem's
``given``. The loss follows from the probabilities (``cross_entropy``), h from z
(``neuron``, ``forward``), x_adv from the gradient's sign (``fgsm``), the new weights
from the gradient (``regularization``). Grading uses them for error carried forward
(:func:`nnquiz.answers.carried.carry`): a later part that is right from the student's
own wrong earlier answer earns credit.

A chain names parts by their ``asks``, so it holds at every difficulty and for a
problem a user wrote (``nnquiz solve``). :func:`fixed` turns a family's chains into
:class:`Link` s between the parts of one problem.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .model import Answer

# (given, the student's earlier answers in the chain's order, the entry asked: () for a
# whole answer) -> the later part's answer, or None when it does not follow (a log of a
# negative probability, a shape that is off)
Follow = Callable[[Mapping[str, Any], tuple[Any, ...], tuple[int, ...]], Answer | None]


@dataclass(frozen=True)
class Link:
    """In one problem: part ``later`` (an index into its parts) follows from the parts
    ``earlier`` (indices, each before it) by ``follow``."""

    later: int
    earlier: tuple[int, ...]
    follow: Follow


Chains = Callable[[Sequence[str]], tuple[Link, ...]]  # a problem's asks -> its links


def no_chains(asks: Sequence[str]) -> tuple[Link, ...]:
    return ()


@dataclass(frozen=True)
class Chain:
    """Part ``later`` follows from the parts ``earlier`` (asks names) by ``follow``.

    ``elementwise``: the formula works entry by entry, so ``later[i]`` follows from
    ``earlier[i]`` (``follow`` is then given the index, to take the matching entries
    of ``given``) or from the whole ``earlier`` (entry i of the whole result is taken)."""

    later: str
    earlier: tuple[str, ...]
    follow: Follow
    elementwise: bool = False


_ENTRY = re.compile(r"(?P<name>[^\[\]]{1,40})\[(?P<index>[0-9, ]{1,20})\]")


def split_entry(ask: str) -> tuple[str, tuple[int, ...]]:
    """``"dh/dz[1]"`` -> ``("dh/dz", (1,))``; ``"loss"`` -> ``("loss", ())``."""
    m = _ENTRY.fullmatch(ask.replace(" ", ""))
    if m is None:
        return ask, ()
    return m["name"], tuple(int(i) for i in m["index"].split(",") if i)


def fixed(*chains: Chain) -> Chains:
    """The links of a problem, from chains written once for the family. A link's
    ``follow`` is called with the later part's entry index."""

    def links(asks: Sequence[str]) -> tuple[Link, ...]:
        parsed = [split_entry(a) for a in asks]
        out = []
        for chain in chains:
            for k, (name, index) in enumerate(parsed):
                if name != chain.later or (index and not chain.elementwise):
                    continue
                found = _earlier(chain, parsed[:k], index)
                if found is not None:
                    out.append(Link(k, found[0], _picking(chain.follow, found[1], index)))
        return tuple(out)

    return links


def _earlier(
    chain: Chain, before: list[tuple[str, tuple[int, ...]]], index: tuple[int, ...]
) -> tuple[tuple[int, ...], bool] | None:
    """The earlier parts a chain needs (the nearest of each), and whether they are whole
    (``index`` is then picked from the result); None when one is missing."""
    picked: list[int] = []
    whole = False
    for name in chain.earlier:
        same = [j for j, (n, i) in enumerate(before) if n == name and i == index]
        full = [j for j, (n, i) in enumerate(before) if n == name and not i]
        if same:
            picked.append(same[-1])
        elif index and full:
            picked.append(full[-1])
            whole = True
        else:
            return None
    return tuple(picked), whole and bool(index)


def _picking(follow: Follow, whole: bool, index: tuple[int, ...]) -> Follow:
    """``follow``, taking entry ``index`` of its result when it computed the whole."""
    if not whole:
        return follow

    def entry(given: Mapping[str, Any], values: tuple[Any, ...], _: tuple[int, ...]):
        result = follow(given, values, ())
        if result is None:
            return None
        for i in index:
            if not isinstance(result, list) or i >= len(result):
                return None
            result = result[i]
        return result

    return entry
