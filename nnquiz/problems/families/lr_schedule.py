"""Family ``lr_schedule``: the learning rate at epoch t under a decay schedule.

Epochs are counted from t = 0, where the rate is η₀. The schedules:
step decay η_t = η₀·γ^⌊t/s⌋ (multiply by γ every s epochs), 1/t decay
η_t = η₀/(1 + k·t), and exponential decay η_t = η₀·e^(−k·t).

given: ``{"schedule": "step"|"inverse"|"exponential", "lr0": η₀, "t": epoch,
"factor": γ, "every": s (step decay), "k": k (the other two), "threshold": τ}``;
asks: ``lr`` (η_t) and ``first_below`` (the first epoch with η_t < τ; needs ``threshold``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache
from operator import itemgetter
from typing import Any

import numpy as np

from ...figures import plot
from .. import draws, pictures, plain, schedules
from ..family import Built, Family, GivenError
from ..model import Tol, step
from ..notation import EQ, TIMES, M, cat, enough, exp, frac, num, rel, round_array, value

KEYS = ("schedule", "lr0", "t", "factor", "every", "k", "threshold")
_T, _TAU = KEYS.index("t"), KEYS.index("threshold")
_CURVE = itemgetter(*[KEYS.index(key) for key in schedules.CURVE_KEYS])  # the curve's values
SCHEDULES = ("step", "inverse", "exponential")
NEEDS = {"step": ("factor", "every"), "inverse": ("k",), "exponential": ("k",)}
MAX_EPOCH = 100_000
FORMULA = {
    "step": M("η_t = η₀·γ^⌊t/s⌋", r"\eta_t = \eta_0 \gamma^{\lfloor t/s \rfloor}"),
    "inverse": M("η_t = η₀/(1 + k·t)", r"\eta_t = \frac{\eta_0}{1 + k t}"),
    "exponential": M("η_t = η₀·e^(−k·t)", r"\eta_t = \eta_0 e^{-k t}"),
}
WORDS = {"step": "step decay", "inverse": "1/t decay", "exponential": "exponential decay"}
QUANTITIES = {
    "lr": plain.Quantity(M("η_t", r"\eta_t"), "the learning rate", tol=Tol(rel=0.01, abs=1e-9)),
    "first_below": plain.Quantity(
        M("first epoch below τ", r"\text{first epoch below } \tau"),
        tol=plain.EXACT,
        prompt=(
            "At which epoch ",
            M("t", "t"),
            " does the rate first fall below ",
            M("τ", r"\tau"),
            " (",
            M("η_t < τ", r"\eta_t < \tau"),
            ")?",
        ),
    ),
}


def validate(given: dict[str, Any]) -> dict[str, Any]:
    plain.no_extra(given, KEYS)
    sched = plain.one_of(given, "schedule", SCHEDULES)
    clean = {
        "schedule": sched,
        "lr0": plain.number(given, "lr0", 0, open_lo=True),
        "t": plain.integer(given, "t", 0, MAX_EPOCH),
    }
    if sched == "step":
        clean["factor"] = plain.number(given, "factor", 0, 1, open_lo=True)
        clean["every"] = plain.integer(given, "every", 1, MAX_EPOCH)
    else:
        clean["k"] = plain.number(given, "k", 0, open_lo=True)
    if "threshold" in given:
        clean["threshold"] = plain.number(given, "threshold", 0, open_lo=True)
    for key in KEYS:
        if key in given and key not in clean:
            raise GivenError(f"given.{key}", f"is not used by {WORDS[sched]}")
    return clean


def draw(rng: np.random.Generator, difficulty: str) -> tuple[dict[str, Any], list[str]]:
    # hard draws its threshold first, so that medium and hard of one seed differ (they
    # once drew the same schedule, rate and epoch)
    ratio = draws.choice(rng, RATIOS) if difficulty == "hard" else None
    sched = "step" if difficulty == "easy" else draws.choice(rng, SCHEDULES)
    lr0 = draws.choice(rng, (0.1, 0.5, 1, 0.2) if difficulty == "easy" else (0.1, 0.05, 0.5, 0.01))
    given: dict[str, Any] = {"schedule": sched, "lr0": lr0, "t": int(rng.integers(1, 31))}
    if sched == "step":
        factor, every = draws.choice(rng, (0.5, 0.1, 0.5)), draws.choice(rng, (2, 3, 5, 10))
        drops = 4 if factor == 0.5 else 3  # keep the rate a number a person can read
        # at least one drop: before the first, η_t is just η₀ and the question is empty
        given |= {"factor": factor, "every": every, "t": int(rng.integers(every, drops * every))}
    elif sched == "inverse":
        given["k"] = draws.choice(rng, (0.1, 0.2, 0.5, 1))
    else:
        given["k"] = draws.choice(rng, (0.05, 0.1, 0.2))
    asks = ["lr"]
    if ratio is not None:
        given["threshold"] = _clean(lr0 * ratio)
        asks = ["lr", "first_below"]
    return given, asks


# ratios τ/η₀ that no schedule here hits exactly (where < and ≤ would disagree)
RATIOS = (0.45, 0.35, 0.3, 0.15, 0.12)


def _clean(v: float) -> float:
    return float(f"{v:.10g}")


def rate(given: dict[str, Any], t: float, mistake: str | None = None) -> float:
    """η_t, or what the named common mistake computes instead."""
    lr0, sched = float(given["lr0"]), given["schedule"]
    if sched == "step":
        s = 1 if mistake == "every_epoch" else int(given["every"])
        drops = t / s if mistake == "no_floor" else math.floor(t / s)
        return lr0 * float(given["factor"]) ** drops
    k = 1.0 if mistake == "no_k" else float(given["k"])
    if sched == "inverse":
        denominator = (0 if mistake == "no_one" else 1) + k * t
        return lr0 / denominator if denominator > 0 else math.inf
    if mistake == "k_as_factor":
        return lr0 * k**t
    power = (1 if mistake == "no_minus" else -1) * k * t
    return lr0 * math.exp(power) if power < 700 else math.inf


def first_below(given: dict[str, Any], mistake: str | None = None) -> float:
    """The first epoch t ≥ 0 with η_t < τ (a value within 1e-12 of τ is not below it).

    Every schedule (and every mistaken one) decays monotonically or grows, so doubling
    then bisecting finds it in a few dozen evaluations; inf when it never gets there.
    """
    tau = float(given["threshold"]) * (1 - 1e-12)

    def below(t: int) -> bool:
        try:
            return rate(given, t, mistake) < tau
        except (OverflowError, ZeroDivisionError):
            return False

    if below(0):
        return 0.0
    hi = 1
    while not below(hi):
        if hi >= MAX_EPOCH:
            return math.inf
        hi = min(2 * hi, MAX_EPOCH)
    lo = hi // 2  # not below at lo (lo = 0 or the previous probe)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        lo, hi = (lo, mid) if below(mid) else (mid, hi)
    return float(hi)


def boundary(given: dict[str, Any]) -> str | None:
    """A variant whose rate lands on the threshold exactly, where < and ≤ disagree."""
    if "threshold" not in given:
        return None
    t = first_below(given)
    if math.isfinite(t) and t > 0 and abs(rate(given, t - 1) / given["threshold"] - 1) < 1e-9:
        return "the rate equals the threshold exactly"
    return None


BY_SCHEDULE = {
    "step": {
        "no_floor": "The rate drops in steps: use ⌊t/s⌋ drops, a whole number.",
        "every_epoch": "The rate is multiplied by γ once every s epochs, not every epoch.",
    },
    "inverse": {
        "no_one": "1/t decay is η₀/(1 + k·t); without the 1 the rate at t = 0 would be infinite.",
        "no_k": "The decay constant k multiplies t: η₀/(1 + k·t).",
    },
    "exponential": {
        "no_minus": "Exponential decay has a negative exponent: η₀·e^(−k·t).",
        "k_as_factor": "The per-epoch factor is e^(−k), not k: η₀·e^(−k·t).",
    },
}


def mistakes(given: dict[str, Any]) -> list[plain.MistakeSpec]:
    t, tau = int(given["t"]), "threshold" in given
    out: list[plain.MistakeSpec] = []
    for mid, message in BY_SCHEDULE[given["schedule"]].items():
        wrong = {"lr": rate(given, t, mid)}
        if tau:
            wrong["first_below"] = first_below(given, mid)
        out.append((mid, message, wrong))
    shifted = {"lr": rate(given, t - 1)}
    if tau:
        first = first_below(given)
        shifted["first_below"] = first + 1
        out.append(
            (
                "last_above",
                "The question asks for the first epoch below τ; you gave "
                "the last one still at or above it.",
                {"first_below": first - 1},
            )
        )
    message = "Epochs are counted from t = 0 (where η = η₀); you counted from 1."
    return [("epochs_from_one", message, shifted), *out]


def build(given: dict[str, Any], asks: Sequence[str]) -> Built:
    parsed = plain.parse_asks(asks, QUANTITIES, {})
    for k, (name, _) in enumerate(parsed):
        if name == "first_below" and "threshold" not in given:
            raise GivenError(f"asks[{k}]", "first_below needs given.threshold")
    t = int(given["t"])
    exact: dict[str, float] = {"lr": rate(given, t)}
    if "threshold" in given:
        exact["first_below"] = first_below(given)
        if not math.isfinite(exact["first_below"]):
            raise GivenError("given.threshold", f"the rate stays above it for {MAX_EPOCH} epochs")
    return plain.finish(
        title=f"Learning-rate schedule: {WORDS[given['schedule']]}",
        quantities=QUANTITIES,
        parsed=parsed,
        exact=exact,
        rounded=lambda: {**exact, "lr": student_rate(given, t)},
        mistakes=lambda: mistakes(given),
        question=lambda: question(given),
        steps=lambda: solution(given, exact, {n for n, _ in parsed}),
        figures=lambda: [figure(given, exact, {n for n, _ in parsed})],
        degenerate=boundary(given),
        min_magnitude=1e-6,
        allow_zero=True,
    )


def figure(given: dict[str, Any], exact: dict[str, float], asked: set[str]):
    """η over the epochs (a staircase for step decay), the epoch asked marked, and the
    threshold τ with the first epoch below it."""
    values = tuple(map(given.get, KEYS))
    below = exact.get("first_below") if "first_below" in asked else None
    return _figure(values, exact["lr"] if "lr" in asked else None, below)


@lru_cache(maxsize=1024)  # the schedules, epochs and thresholds drawn come back
def _figure(values: tuple, lr: float | None, below: float | None):
    """:func:`figure` of the given ``values`` (of :data:`KEYS`, None where absent), the
    rate at t when asked (``lr``), the first epoch below τ when asked (``below``)."""
    t, first = int(values[_T]), 0 if below is None else int(below)
    x = plot.nice_axis(0, max(10, math.ceil(max(t, first) * 1.25)), "epoch t", 6, whole=True)
    y, curve, words = _frame(_CURVE(values), x)
    marks, spots, levels = [], [], []
    alt = f"The learning rate ηₜ over epochs 0 to {x.hi:g} under {words}"
    if lr is not None:
        eta = pictures.text(lr)
        marks.append((t, f"t = {t}"))
        spots.append((t, lr, f"η = {eta}"))
        alt += f", with epoch t = {t} marked: η = {eta}"
    if below is not None:
        tau = float(values[_TAU])
        levels.append((tau, f"τ = {pictures.text(tau)}"))
        if first != t or lr is None:
            marks.append((first, f"first below τ: {first}"))
        given = {key: v for key, v in zip(KEYS, values) if v is not None}
        spots.append((first, rate(given, first), ""))
        alt += (
            f"; the threshold τ = {num(values[_TAU]).text} as a dotted line, first crossed at"
            f" epoch {first}"
        )
    drawing = plot.draw(plot.Plot(x, y, (curve,), tuple(marks), tuple(levels), tuple(spots)))
    return pictures.figure("rate", "solution", drawing, alt + ".")


@lru_cache(maxsize=256)  # a few schedules and ranges
def _frame(values: tuple, x: plot.Axis) -> tuple[plot.Axis, plot.Curve, str]:
    """The y axis, the curve and the schedule's words of a figure whose schedule is
    ``values`` (of :data:`schedules.CURVE_KEYS`), drawn over the epochs of ``x``."""
    words = WORDS[values[0]]
    y = plot.nice_axis(0, float(values[1]), "η")
    return y, schedules.curve(values, x.hi, f"ηₜ, {words}"), words


def student_rate(given: dict[str, Any], t: int) -> float:
    """η_t from the values the solution shows, rounded as shown."""
    if given["schedule"] == "exponential":
        return float(round_array(given["lr0"] * round_array(math.exp(-given["k"] * t))))
    return float(round_array(rate(given, t)))


SYMBOLS = {
    "lr0": M("η₀", r"\eta_0"),
    "factor": M("γ", r"\gamma"),
    "every": M("s", "s"),
    "k": M("k", "k"),
    "t": M("t", "t"),
    "threshold": M("τ", r"\tau"),
}


def question(given: dict[str, Any]):
    sched = given["schedule"]
    names = ["lr0", *NEEDS[sched]]
    values = {key: plain.assign(SYMBOLS[key], given[key]) for key in SYMBOLS if key in given}
    template = "Here " + ", ".join(f"{{{key}}}" for key in names) + "; the epoch is {t}."
    if "threshold" in given:
        template += " The threshold is {threshold}."
    return [
        plain.say(
            f"The learning rate follows {WORDS[sched]}, {{f}}, with epochs counted from {{t0}} "
            "(where the rate is {lr0}).",
            f=FORMULA[sched],
            t0=M("t = 0", "t = 0"),
            lr0=SYMBOLS["lr0"],
        ),
        plain.say(template, **values),
    ]


def rate_line(given: dict[str, Any], t: int) -> M:
    """η_t = the formula with numbers = its value."""
    sched, lr0 = given["schedule"], given["lr0"]
    lhs = M(f"η_{t}", rf"\eta_{{{t}}}")
    eta = rate(given, t)
    if sched == "step":
        n = t // int(given["every"])
        body = cat(num(lr0), TIMES, num(given["factor"]), M(f"^{n}", f"^{{{n}}}"))
        drops = "drop" if n == 1 else "drops"
        note = M(
            f"   (⌊{t}/{given['every']}⌋ = {n} {drops})",
            rf"\quad (\lfloor {t}/{given['every']} \rfloor = {n} \text{{ {drops}}})",
        )
        return cat(lhs, EQ, body, value(eta), note)
    if sched == "inverse":
        denom = 1 + float(given["k"]) * t
        formula = frac(num(lr0), cat(M("1 + ", "1 + "), num(given["k"]), TIMES, num(t)))
        return cat(plain.eq(lhs, formula, frac(num(lr0), num(denom))), value(eta))
    power = -float(given["k"]) * t
    e = math.exp(power)
    sig, last = enough([e], lambda v: [float(lr0) * v[0]], [eta])
    e_shown = num(e, sig)
    return cat(
        lhs, EQ, num(lr0), TIMES, exp(power), rel(e), num(lr0), TIMES, e_shown, last, num(eta)
    )


def solution(given: dict[str, Any], exact: dict[str, float], asked: set[str]) -> list:
    sched = given["schedule"]
    out = []
    if "lr" in asked:
        out.append(
            step(
                ("Put ", SYMBOLS["t"], " into ", FORMULA[sched], ":"),
                rate_line(given, int(given["t"])),
            )
        )
    if "first_below" in asked:
        T = int(exact["first_below"])
        out.append(
            step(
                ("Solve ", M("η_t < τ", r"\eta_t < \tau"), ": ", solve_for_t(given), "."),
                *([rate_line(given, T - 1)] if T > 0 else []),
                rate_line(given, T),
                M(
                    f"so the first epoch below τ = {num(given['threshold']).text} is t = {T}",
                    rf"\text{{so the first epoch below }}\tau = {num(given['threshold']).latex}"
                    rf"\text{{ is }} t = {T}",
                ),
            )
        )
    return out


SOLVE = {  # η_t < τ solved for t: (text, LaTeX), then " = " or " ≈ " and the bound
    "step": (
        "γ^⌊t/s⌋ < τ/η₀, so ⌊t/s⌋ > ln(η₀/τ)/ln(1/γ)",
        r"\gamma^{\lfloor t/s \rfloor} < \tau/\eta_0, \text{ so } \lfloor t/s \rfloor > "
        r"\ln(\eta_0/\tau)/\ln(1/\gamma)",
    ),
    "inverse": (
        "1 + k·t > η₀/τ, so t > (η₀/τ − 1)/k",
        r"1 + k t > \eta_0/\tau, \text{ so } t > (\eta_0/\tau - 1)/k",
    ),
    "exponential": (
        "e^(−k·t) < τ/η₀, so t > ln(η₀/τ)/k",
        r"e^{-k t} < \tau/\eta_0, \text{ so } t > \ln(\eta_0/\tau)/k",
    ),
}


def solve_for_t(given: dict[str, Any]) -> M:
    sched, r = given["schedule"], float(given["lr0"]) / float(given["threshold"])
    if sched == "step":
        bound = math.log(r) / -math.log(float(given["factor"]))
    elif sched == "inverse":
        bound = (r - 1) / float(given["k"])
    else:
        bound = math.log(r) / float(given["k"])
    text, latex = SOLVE[sched]
    return cat(M(text, latex), value(bound))  # ≈ when the bound is rounded


FAMILY = Family(
    id="lr_schedule",
    topic="Choice of architecture",
    title="Learning-rate schedules",
    # 2: step decay draws t ≥ s (at least one drop); 3: hard draws its threshold first,
    # so medium and hard of the same seed are different problems
    version=3,
    draw=draw,
    build=build,
    validate=validate,
    default_asks=lambda g: ["lr"] + (["first_below"] if "threshold" in g else []),
    given_doc='{"schedule": "step"|"inverse"|"exponential", "lr0": η₀, "t": epoch, '
    '"factor": γ, "every": s, "k": k, "threshold": τ}',
    asks_doc="lr, first_below",
)
