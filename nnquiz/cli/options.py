"""Options several commands share, so one rule holds for all of them.

``--family`` and ``--difficulty`` take several values the same way everywhere: repeat
the option, or separate values with commas (``--family softmax,bce --family fgsm``).
Spaces around a value are dropped, a value named twice counts once, and each value is
checked here, before the command runs: an unknown one is one line naming the known
ones (exit 2). The family check reads the built-in list, which needs no NumPy, and
imports the families only for a name not on it (a family added by a plugin, or a typo).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from ..errors import UserError

DIFFICULTIES = ("easy", "medium", "hard")


def split_values(values: tuple[str, ...], option: str) -> tuple[str, ...]:
    """``("a", "b, c", "a")`` -> ``("a", "b", "c")``: every value of a repeated option,
    split at commas, in order, once each; UserError for a value with no name in it."""
    out: dict[str, None] = {}
    for value in values:
        names = [v.strip() for v in value.split(",") if v.strip()]
        if not names:
            raise UserError(f"{option} {value!r} names nothing: give a name, or leave it out")
        out.update(dict.fromkeys(names))
    return tuple(out)


def check_families(names: tuple[str, ...]) -> tuple[str, ...]:
    """``names``, each a known family; UserError naming the known ones otherwise."""
    from ..problems.families import BUILTIN_MODULES

    unknown = [n for n in names if n not in BUILTIN_MODULES]
    if unknown:
        from ..problems import registry  # imports the families: only for a name off the list

        for name in unknown:
            try:
                registry.get(name)
            except registry.UnknownFamily as e:
                raise UserError(str(e)) from None
    return names


def check_difficulties(names: tuple[str, ...]) -> tuple[str, ...]:
    """``names``, each one of DIFFICULTIES; UserError otherwise."""
    for name in names:
        if name not in DIFFICULTIES:
            raise UserError(f"unknown difficulty {name!r}; choose from {', '.join(DIFFICULTIES)}")
    return names


def _callback(option: str, check: Callable[[tuple[str, ...]], tuple[str, ...]]):
    def callback(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]):
        return check(split_values(values, option))

    return callback


def family_option(what: str, default: str) -> Callable[[Any], Any]:
    """``--family F`` (repeatable, or commas) as the parameter ``families``: a tuple of
    known family ids, empty when the option is not given."""
    return click.option(
        "--family",
        "families",
        multiple=True,
        metavar="F",
        callback=_callback("--family", check_families),
        help=f"{what} Repeat, or separate with commas: --family softmax,bce. {default}",
    )


def difficulty_option(what: str, default: str) -> Callable[[Any], Any]:
    """``--difficulty D`` (repeatable, or commas) as the parameter ``difficulties``: a
    tuple of difficulties in the order given, empty when the option is not given."""
    return click.option(
        "--difficulty",
        "difficulties",
        multiple=True,
        metavar="D",
        callback=_callback("--difficulty", check_difficulties),
        help=f"{what} Repeat, or separate with commas: --difficulty easy,hard. {default}",
    )
