"""The one registry of problem families, and problem generation by id.

A problem's id is ``family:seed`` for medium problems and ``family:difficulty:seed``
otherwise (``backprop:7``, ``backprop:hard:7``); a family whose generator changed carries
its version first (``backprop:v2:hard:7``). The same id gives the same problem on every
machine: the only randomness is ``numpy.random.default_rng(seed)`` (made by
:func:`seeding.default_rng`: the same generator, for fewer instructions).
"""

from __future__ import annotations

import importlib
import math
import threading
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np

from . import seeding
from .families import BUILTIN_MODULES
from .family import Built, Family, GivenError, Redraw
from .model import DIFFICULTIES, Problem, all_within, flatten, is_finite, shaped

MAX_DRAWS = 2000
MAX_SEED = 2**63 - 1
MISTAKE_MARGIN = 2.0  # a mistake must miss the answer by twice the tolerance

_FAMILIES: dict[str, Family] = {}


class UnknownFamily(KeyError):
    def __init__(self, name: str):
        super().__init__(name)
        self.name = name

    def __str__(self) -> str:
        return f"unknown family {self.name!r}; known families: {', '.join(ids())}"


class BadId(ValueError):
    pass


def register(family: Family) -> Family:
    """Add a family; a duplicate id is refused. The built-in families load first."""
    _load()
    if family.id in _FAMILIES:
        raise ValueError(f"family {family.id!r} is registered twice")
    _FAMILIES[family.id] = family
    return family


_LOADED: list[bool] = []  # set once the built-in modules are imported
_LOCK = threading.RLock()  # practice loads families in a background thread too


def _load() -> dict[str, Family]:
    if not _LOADED:
        with _LOCK:
            if not _LOADED:
                for name in BUILTIN_MODULES:
                    family = importlib.import_module(f"nnquiz.problems.families.{name}").FAMILY
                    if family.id != name:
                        raise ValueError(
                            f"nnquiz/problems/families/{name}.py defines family "
                            f"{family.id!r}: name the module after its family"
                        )
                    if _FAMILIES.get(family.id) is family:  # loaded alone by get()
                        continue
                    if family.id in _FAMILIES:
                        raise ValueError(f"family {family.id!r} is registered twice")
                    _FAMILIES[family.id] = family
                _LOADED.append(True)
    return _FAMILIES


def _load_one(family_id: str) -> Family | None:
    """The built-in family ``family_id`` with only its own module imported, or None.

    A command that needs one family (``practice`` showing its first problem) starts
    faster this way; every listing still goes through ``_load``.
    """
    if family_id not in BUILTIN_MODULES:
        return None
    with _LOCK:
        if family_id in _FAMILIES:
            return _FAMILIES[family_id]
        if _LOADED:
            return None
        family = importlib.import_module(f"nnquiz.problems.families.{family_id}").FAMILY
        if family.id != family_id:  # _load says why
            return None
        _FAMILIES[family.id] = family
        return family


def families() -> list[Family]:
    """All families: the built-in ones in the order of the course notes
    (``families.BUILTIN_MODULES``), then any registered later, in the order registered."""
    rank = {name: k for k, name in enumerate(BUILTIN_MODULES)}
    # sorted() is stable: families registered later keep their order, after the built-in
    return sorted(_load().values(), key=lambda f: rank.get(f.id, len(rank)))


def ids() -> list[str]:
    return [f.id for f in families()]


def get(family_id: str) -> Family:
    family = _FAMILIES.get(family_id) or _load_one(family_id)
    if family is not None:
        return family
    try:
        return _load()[family_id]
    except KeyError:
        raise UnknownFamily(family_id) from None


# ---------------------------------------------------------------- ids


def make_id(family: Family, difficulty: str, seed: int) -> str:
    parts = [family.id]
    if family.version > 1:
        parts.append(f"v{family.version}")
    if difficulty != "medium":
        parts.append(difficulty)
    parts.append(str(seed))
    return ":".join(parts)


def unversioned(problem_id: str) -> str:
    """A problem id without its family version: the seed's slot (``forward:v2:hard:12`` →
    ``forward:hard:12``), which names the same family, difficulty and seed in every
    version (an Anki note's GUID, a homework key's line)."""
    return ":".join(f for f in problem_id.split(":") if not (f[:1] == "v" and f[1:].isdigit()))


def parse_id(problem_id: str) -> tuple[Family, str, int]:
    """(family, difficulty, seed) named by a problem id."""
    fields = problem_id.strip().split(":")
    if len(fields) < 2:
        raise BadId(
            f"bad problem id {problem_id!r}: expected FAMILY:SEED or FAMILY:DIFFICULTY:SEED"
        )
    family = get(fields[0])
    rest, seed_text = fields[1:-1], fields[-1]
    difficulty = "medium"
    version = 1
    if len(rest) > 2 or len(set(f[:1] if f[:1] == "v" else "d" for f in rest)) < len(rest):
        raise BadId(f"bad problem id {problem_id!r}: expected FAMILY[:vN][:DIFFICULTY]:SEED")
    for f in rest:
        if f in DIFFICULTIES:
            difficulty = f
        elif f.startswith("v") and f[1:].isdigit():
            version = int(f[1:])
        else:
            raise BadId(f"bad problem id {problem_id!r}: {f!r} is not a difficulty")
    if version != family.version:
        raise BadId(
            f"problem id {problem_id!r} is from version {version} of {family.id!r}; "
            f"this nnquiz has version {family.version}"
        )
    return family, difficulty, check_seed(seed_text, problem_id)


def check_seed(seed: int | str, where: str = "seed") -> int:
    try:
        value = int(seed)
    except (TypeError, ValueError):
        raise BadId(f"bad seed in {where!r}: {seed!r} is not a whole number") from None
    if not 0 <= value <= MAX_SEED:
        raise BadId(f"bad seed in {where!r}: {value} is not between 0 and {MAX_SEED}")
    return value


# ---------------------------------------------------------------- generation


def reason_to_redraw(built: Built) -> str | None:
    """Why a built variant fails to teach, or None when it is usable."""
    if built.degenerate:
        return built.degenerate
    for part in built.parts:  # the cheap checks first: rounded and mistakes are lazy
        values = flatten(part.answer)
        if not all(map(math.isfinite, values)):
            return f"part {part.label}: answer is not finite"
        sizes = list(map(abs, values))  # the builtins loop in C: this runs on every draw
        if max(sizes, default=0.0) > built.max_magnitude:
            return f"part {part.label}: answer is huge"
        if min(filter(None, sizes), default=math.inf) < built.min_magnitude:
            return f"part {part.label}: answer is nearly zero"
        if not any(sizes) and not built.allow_zero:
            return f"part {part.label}: answer is all zero"
    # the mistakes before the rounded answers: a variant fails on its mistakes now and
    # then (sgd: 1 in 4 of those that get this far), on its rounding almost never
    labels = {p.label: p for p in built.parts}
    for m in built.mistakes:
        for label, wrong in m.answers.items():
            part = labels[label]
            if all_within(wrong, part.answer, part.tol, MISTAKE_MARGIN):
                return f"mistake {m.id} is within tolerance of part {label}"
    if len(built.mistakes) < built.min_mistakes:
        return f"fewer than {built.min_mistakes} common mistakes apply to this variant"
    for part in built.parts:
        rounded = built.rounded.get(part.label)
        if rounded is not None and not all_within(rounded, part.answer, part.tol):
            return f"part {part.label}: rounding what the solution shows leaves tolerance"
    return None


def assemble(
    family: Family,
    difficulty: str,
    seed: int | None,
    given: dict,
    built: Built,
    problem_id: str | None = None,
    render: bool = True,
    figures: bool = True,
) -> Problem:
    if not render:
        return Problem(
            id=problem_id or make_id(family, difficulty, seed or 0),
            family=family.id,
            seed=seed,
            difficulty=difficulty,
            title=built.title,
            given=given,
            question_text="",
            question_latex="",
            parts=tuple(map(shaped, built.parts)),
            steps=(),
            mistakes=built.mistakes,
            topic=family.topic,
            rendered=False,
        )
    return Problem(
        id=problem_id or make_id(family, difficulty, seed or 0),
        family=family.id,
        seed=seed,
        difficulty=difficulty,
        title=built.title,
        given=given,
        question_text=built.rendered.question_text,
        question_latex=built.rendered.question_latex,
        parts=tuple(map(shaped, built.parts)),
        steps=built.rendered.steps,
        mistakes=built.mistakes,
        topic=family.topic,
        figures=built.figures if figures else (),
    )


def generate(
    family_id: str,
    seed: int,
    difficulty: str = "medium",
    render: bool = True,
    figures: bool = True,
) -> Problem:
    """The problem ``family_id`` gives for ``seed`` at ``difficulty``.

    ``render=False`` skips writing the statement and worked solution (the costliest
    part): the answers, tolerances and mistakes are the same, which is all grading needs.
    ``figures=False`` leaves the figures undrawn (for an output that shows none: LaTeX).
    """
    family = get(family_id)
    if difficulty not in DIFFICULTIES:
        raise ValueError(f"unknown difficulty {difficulty!r}; choose {', '.join(DIFFICULTIES)}")
    rng = seeding.default_rng(seed)
    last = "no draw"
    for _ in range(MAX_DRAWS):
        try:
            given, asks = family.draw(rng, difficulty)
            built = family.build(given, asks)
        except Redraw as why:
            last = str(why)
            continue
        last = reason_to_redraw(built) or ""
        if not last:
            return assemble(family, difficulty, seed, given, built, render=render, figures=figures)
    raise RuntimeError(f"{family_id}:{difficulty}:{seed}: no usable variant ({last})")


def show(problem_id: str, render: bool = True) -> Problem:
    """The problem named by ``problem_id``, exactly as ``generate`` made it."""
    family, difficulty, seed = parse_id(problem_id)
    return generate(family.id, seed, difficulty, render)


def stream(family_id: str, seed: int, count: int, difficulty: str = "medium") -> Iterator[Problem]:
    """Problems for seeds seed, seed + 1, … one at a time (nothing is kept)."""
    for s in range(seed, seed + count):
        yield generate(family_id, s, difficulty)


def solve(family_id: str, given: dict[str, Any], asks: Sequence[str] | None = None) -> Problem:
    """A user-written problem, validated and worked (no redraws: the numbers are theirs)."""
    family = get(family_id)
    if not isinstance(given, dict):
        raise GivenError("given", "must be a table of values")
    clean = family.validate(given)
    for k, ask in enumerate(asks or ()):
        if not isinstance(ask, str):
            raise GivenError(f"asks[{k}]", f"expected the name of what to find, got {ask!r}")
    chosen = list(asks) if asks else list(family.default_asks(clean))
    family.unread(clean, chosen)
    try:
        # numbers people write may overflow where drawn ones never do: say so, clearly
        with np.errstate(over="raise", divide="raise", invalid="raise"):
            built = family.build(clean, chosen)
            problem = assemble(
                family, "custom", None, clean, built, problem_id=f"{family.id}:custom"
            )
    except (FloatingPointError, OverflowError, ZeroDivisionError) as e:
        raise GivenError(
            "given",
            f"these numbers cannot be worked by hand ({e}): an intermediate value "
            "overflows or is undefined; use smaller numbers",
        ) from None
    for part in problem.parts:
        if not is_finite(part.answer):
            raise GivenError(
                "given", f"part {part.label} ({part.asks}) has no finite answer for these numbers"
            )
    return problem
