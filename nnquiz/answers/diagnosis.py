"""Name the mistake behind a wrong answer, and explain a wrong shape.

Order of diagnosis for an answer of the right shape: a family's declared common
mistake (within the part's tolerance; of several, the one whose answer is closest to
what was typed, and every one giving that same answer when two or more coincide:
"Either … Or …"), then the general mistakes every family shares: a flipped sign, a
decimal slip (off by a power of 10), a transposed matrix (the closest explanation of
these wins: a transpose that explains every entry beats a sign flip or a slip that
explains the entries it leaves wrong), and last rounding: an answer that rounding the
right one (or its inputs) to 2 or 3 significant digits gives ("round too early?"; in a
part graded tighter than 1%, "needs 4 significant digits"). A 0 is what a student types
when unsure: it names a declared mistake only when that mistake's answer is 0 as well
(the slip that gives 0, such as a ReLU derivative taken as 0 where the unit is on), and
never a general mistake (a 0 is no sign flip or decimal slip). One rule for every
family: every declared mistake can be named by its own answer.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from .reading import Reading, describe_shape

if TYPE_CHECKING:
    from ..problems.model import Part, Problem, Tol

EARLY = 3.0  # "rounded early": within this many units of the 3rd significant digit
TIGHT = 0.01  # a part graded tighter than this (relative) needs 4 significant digits
SLIPS = (1, -1, 2, -2, 3, -3)  # powers of 10 a decimal slip may be off by
MAX_NAMED = 6  # entries listed by name in a message
SAME = 1e-9  # two declared mistakes whose answers agree this closely give the same answer

SIGN = "Flipped sign: {what} the negative of the right value; check the order of each subtraction."
SLIP = "Off by a factor of {factor} ({way}): a decimal slip? Check where the decimal point goes."
TRANSPOSED = "Transposed: your rows are the answer's columns."
ROUNDING = (
    "Close, but outside the tolerance ({tol}): did you round too early? "
    "Keep at least 4 significant digits until the final answer."
)
DIGITS = "This part needs 4 significant digits: {right}, not {typed}."
YES_NO_ONLY = "This part is answered yes or no (or 1 for yes, 0 for no)."


def wrong_entries(values: list[float], answer: list[float], tol: Tol) -> list[int]:
    """Indices of the entries outside tolerance."""
    accepts = tol.accepts
    return [i for i, (v, a) in enumerate(zip(values, answer)) if not accepts(v, a)]


def entry_names(indices: list[int], shape: tuple[int, ...]) -> str:
    """'entry 2', 'entries 1 and 3', 'entries (1, 2) and (2, 1)' (1-based, row, column)."""
    shape = tuple(n for n in shape if n != 1) if len(shape) == 2 else shape
    if len(shape) == 2:
        names = [f"({i // shape[1] + 1}, {i % shape[1] + 1})" for i in indices]
    else:
        names = [str(i + 1) for i in indices]
    if len(names) > MAX_NAMED:
        names = names[:MAX_NAMED] + ["…"]
    if len(names) == 1:
        return f"entry {names[0]}"
    return "entries " + ", ".join(names[:-1]) + " and " + names[-1]


def describe_tol(tol: Tol) -> str:
    """'±1%, or ±0.0001 near zero'."""
    parts = []
    if tol.rel:
        parts.append(f"±{tol.rel * 100:g}%")
    if tol.abs:
        parts.append(f"±{tol.abs:g}" + (" near zero" if tol.rel else ""))
    return ", or ".join(parts) or "exact"


def diagnose(
    problem: Problem,
    part: Part,
    values: list[float],
    answer: list[float],
    wrong: list[int],
    shape: tuple[int, ...],
    typed: list[str] | None = None,
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(feedback lines, the ids of the mistakes named) for an answer of the right shape
    that is wrong: one id, or none, or several when declared mistakes coincide.

    ``typed``, when given, is each entry as typed ('2.20'), for quoting it back."""
    lines: list[str] = []
    n = len(answer)
    if n > 1:
        lines.append(f"{n - len(wrong)} of {n} entries right; wrong: {entry_names(wrong, shape)}.")
    tol = part.tol
    named = declared(problem, part, values)
    if len(named) == 1:
        return (*lines, named[0].message), (named[0].id,)
    if named:  # two (or more) declared mistakes give this same answer: name each
        said = [f"{'Either' if i == 0 else 'Or'}: {m.message}" for i, m in enumerate(named)]
        return (*lines, *said), tuple(m.id for m in named)
    if all(v == 0 for v in values):
        return tuple(lines), ()  # a 0 (what a student types when unsure) names no slip
    from ..problems.model import is_yes_no  # here: reading alone needs no NumPy

    if is_yes_no(part):  # a number for yes or no is no sign flip or decimal slip
        odd = any(v not in (0.0, 1.0) for v in values)
        return (*lines, YES_NO_ONLY) if odd else tuple(lines), ()
    found = _closest(values, answer, wrong, shape, tol)
    if found is not None:
        return (*lines, found[0]), (found[1],)
    found = _rounding(values, answer, wrong, tol, typed)
    if found is not None:
        return (*lines, found[0]), (found[1],)
    return tuple(lines), ()


DUST = 1e-12  # a declared answer this near 0 is 0 computed in floating point


def declared(problem: Problem, part: Part, values: list[float]) -> list:
    """The family's declared mistakes that explain ``values`` (within the part's
    tolerance): the closest, and any other giving the very same answer, in the order
    declared; [] for none. An answer of zeros (what a student types when unsure) names
    only a mistake whose answer is zeros too (floating-point dust such as the
    −1.1×10⁻¹⁶ of 0.72 + 0.4 − 0.4 − 0.32 − 0.4 counts as 0), not one that is merely
    near 0."""
    zero = all(v == 0 for v in values)
    found = []
    for m in problem.mistakes:
        mistaken = m.answers.get(part.label)
        if mistaken is None:
            continue
        flat = _flatten(mistaken)
        if zero and any(abs(x) > DUST for x in flat):
            continue
        if _matches(values, flat, part.tol):
            found.append((_distance(values, flat, part.tol), flat, m))
    if not found:
        return []
    best = min(found, key=lambda f: f[0])[1]
    return [m for _, flat, m in found if _same(flat, best)]


def _distance(values: list[float], flat: list[float], tol: Tol) -> float:
    """How far ``values`` are from ``flat``, in units of the tolerance (the worst entry)."""
    return max(abs(v - x) / (tol.abs + tol.rel * abs(x) or 1.0) for v, x in zip(values, flat))


def _same(a: list[float], b: list[float]) -> bool:
    """The same answer, but for floating-point noise."""
    return all(math.isclose(x, y, rel_tol=SAME, abs_tol=SAME) for x, y in zip(a, b))


def _closest(values, answer, wrong, shape, tol):
    """The general mistake (sign, decimal slip, transpose) that explains the answer best:
    the one whose reconstruction of every entry is closest to what was typed; on a tie
    the transpose (one mistake that explains every entry), then the sign, then the slip."""
    best = None
    for rank, check in enumerate((_transposed, _sign, _slip)):
        found = check(values, answer, wrong, shape, tol)
        if found is not None:
            key = (_explained(found[1], values, answer, shape, tol), rank)
            if best is None or key < best[0]:
                best = (key, found)
    return best[1] if best else None


def _explained(mistake: str, values, answer, shape, tol) -> float:
    """How far the typed entries are from what ``mistake`` makes of the right answer, in
    units of the tolerance (the worst entry; entries it leaves as they are count too)."""
    n = len(answer)
    if mistake == "transposed":
        side = shape[0]
        made = [answer[(i % side) * side + i // side] for i in range(n)]
    elif mistake == "sign":
        made = [a if tol.accepts(v, a) else -a for v, a in zip(values, answer)]
    else:  # decimal_slip: each wrong entry is the right one times its own power of 10
        made = [a if tol.accepts(v, a) else _nearest_slip(v, a) for v, a in zip(values, answer)]
    return _distance(values, made, tol)


def _nearest_slip(v: float, a: float) -> float:
    return min((a * 10.0**k for k in SLIPS), key=lambda x: abs(v - x))


def _flatten(mistaken) -> list[float]:
    if not isinstance(mistaken, list):
        return [float(mistaken)]
    if mistaken and isinstance(mistaken[0], list):
        return [float(x) for r in mistaken for x in r]
    return [float(x) for x in mistaken]


def _matches(values: list[float], flat: list[float], tol: Tol) -> bool:
    if len(flat) != len(values):
        return False
    accepts = tol.accepts
    return all(accepts(v, float(x)) for v, x in zip(values, flat))


def _sign(values, answer, wrong, shape, tol):
    if not all(tol.accepts(-values[i], answer[i]) for i in wrong):
        return None
    if len(wrong) == len(answer):
        what = "your answer is" if len(answer) == 1 else "every entry is"
    else:
        what = f"{entry_names(wrong, shape)} {'is' if len(wrong) == 1 else 'are'}"
    return SIGN.format(what=what), "sign"


def _slip(values, answer, wrong, shape, tol):
    powers = set()
    for i in wrong:
        a = answer[i]
        if a == 0 or values[i] == 0:
            return None  # a 0 has no decimal point to slip
        k = next((k for k in SLIPS if tol.accepts(values[i], a * 10.0**k)), None)
        if k is None:
            return None
        powers.add(k)
    if len(powers) == 1:
        k = powers.pop()
        factor, way = f"{10 ** abs(k)}", ("too large" if k > 0 else "too small")
    else:
        factor, way = "a power of 10", "in " + entry_names(wrong, shape)
    return SLIP.format(factor=factor, way=way), "decimal_slip"


def _transposed(values, answer, wrong, shape, tol):
    if len(shape) != 2 or shape[0] != shape[1] or shape[0] < 2:
        return None
    n = shape[0]
    if all(tol.accepts(values[(i % n) * n + i // n], answer[i]) for i in range(n * n)):
        return TRANSPOSED, "transposed"
    return None


def _rounding(values, answer, wrong, tol, typed):
    """Rounded early: every wrong entry is what rounding the right value, or the inputs,
    to 2 or 3 significant digits gives (within EARLY units of the 3rd digit, or the
    2-digit rounding within tolerance). In a tight part, an entry that is exactly the
    right value rounded to 2 or 3 digits gets the plain "needs 4 digits" instead.
    Exact parts (counts) get no rounding hint."""
    if tol.rel == 0 or not all(_early(values[i], answer[i], tol) for i in wrong):
        return None
    if tol.rel < TIGHT:
        short = [_rounded_to(values[i], answer[i]) for i in wrong]
        if all(short):
            i = wrong[0]
            shown = typed[i] if typed else sig(values[i], short[0])
            return DIGITS.format(right=sig(answer[i], 4), typed=shown), "rounding"
    return ROUNDING.format(tol=describe_tol(tol)), "rounding"


def round_sig(x: float, digits: int) -> float:
    """``x`` rounded to ``digits`` significant digits: round_sig(2.1964, 3) = 2.2."""
    return float(f"{x:.{digits - 1}e}")


def sig(x: float, digits: int) -> str:
    """``x`` written with ``digits`` significant digits, trailing zeros kept: '2.20'."""
    r = round_sig(x, digits)
    if r == 0:
        return "0"
    decimals = digits - 1 - math.floor(math.log10(abs(r)))
    return f"{r:.{max(decimals, 0)}f}"


def _early(v: float, a: float, tol: Tol) -> bool:
    if v == 0 or a == 0:
        return False
    unit = 10.0 ** (math.floor(math.log10(abs(a))) - 2)  # of the 3rd significant digit
    return abs(v - a) <= EARLY * unit * (1 + 1e-9) or tol.accepts(v, round_sig(a, 2))


def _rounded_to(v: float, a: float) -> int:
    """3 or 2 when ``v`` is ``a`` rounded to that many significant digits, else 0."""
    for digits in (3, 2):
        r = round_sig(a, digits)
        if abs(v - r) <= 1e-9 * abs(r):
            return digits
    return 0


def shape_feedback(
    problem: Problem,
    part: Part,
    reading: Reading,
    want: tuple[int, ...],
    got: tuple[int, ...],
    text: str,
) -> tuple[tuple[str, ...], str | None]:
    """(feedback lines, mistake id) for an answer of the wrong shape."""
    flipped = len(got) == 2 and len(want) == 2 and got == (want[1], want[0])
    lines = [
        f"Expected {describe_shape(want)}, got {describe_shape(got)}"
        + ("; transposed?" if flipped else ".")
    ]
    mistake = None
    if flipped and _is_transpose(reading.value, part.answer, part.tol):
        lines.append(TRANSPOSED)
        mistake = "transposed"
    elif not want:
        lines.append(f"Part {part.label} asks for one number.")
        if len(got) == 1 and not any(c in text for c in "[(,;⎡"):
            lines.append(
                "Spaces separate entries, as in MATLAB: '0.5 -0.25' is two entries, "
                "'0.5 - 0.25' is one; write a product as 2*pi or 2pi."
            )
    elif not got:
        lines.append(f"Part {part.label} asks for all {_size(want)} entries, not one.")
    return tuple(lines), mistake


def _size(shape: tuple[int, ...]) -> int:
    return shape[0] * (shape[1] if len(shape) == 2 else 1)


def _is_transpose(got, answer, tol: Tol) -> bool:
    rows, cols = len(answer), len(answer[0])
    return all(tol.accepts(got[j][i], answer[i][j]) for i in range(rows) for j in range(cols))
