"""Family ``early_stopping``: when does patience-based early stopping stop, and why?

The rule (stated in every question): epochs are numbered from 1. After each epoch the
validation loss is compared with the best (lowest) so far; it improves only when it is
strictly lower. Training stops at the end of the epoch that makes ``patience``
consecutive epochs without improvement, and the weights of the best epoch are restored.
If that never happens, training runs to the last epoch. With patience 1 this is the
notes' rule: stop as soon as the validation loss goes up while the training loss goes
down.

given: ``{"train": [losses per epoch], "val": [losses per epoch], "patience": P}``;
asks: ``stop_epoch`` and ``best_epoch`` (the epoch whose weights are kept).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ...figures import plot
from .. import draws, pictures, plain
from ..chains import Chain, fixed
from ..family import Built, Family, GivenError, Redraw
from ..model import prose, table
from ..notation import EQ, M, cat, num

KEYS = ("train", "val", "patience")
QUANTITIES = {
    "stop_epoch": plain.Quantity(
        M("stop epoch", r"\text{stop epoch}"),
        tol=plain.EXACT,
        prompt=("After which epoch does training stop?",),
    ),
    "best_epoch": plain.Quantity(
        M("kept epoch", r"\text{kept epoch}"),
        tol=plain.EXACT,
        prompt=("Which epoch's weights are kept?",),
    ),
}


def validate(given: dict[str, Any]) -> dict[str, Any]:
    plain.no_extra(given, KEYS)
    val = plain.vector(given, "val")
    train = plain.vector(given, "train", len(val)) if "train" in given else None
    clean = {"val": val, "patience": plain.integer(given, "patience", 1, len(val))}
    if train is not None:
        clean = {"train": train, **clean}
    return clean


def run(val: Sequence[float], patience: int, strict: bool = True) -> tuple[int, int, list[int]]:
    """(stop epoch, best epoch, epochs without improvement after each epoch), 1-based.
    ``strict=False`` is the slip of counting a tie with the best as an improvement."""
    best, best_epoch, wait, waits = float("inf"), 0, 0, []
    for e, v in enumerate(val, start=1):
        if v < best - 1e-12 or (not strict and v <= best + 1e-12):
            best, best_epoch, wait = v, e, 0
        else:
            wait += 1
        waits.append(wait)
        if wait >= patience:
            return e, best_epoch, waits
    return len(val), best_epoch, waits


def draw(rng: np.random.Generator, difficulty: str) -> tuple[dict[str, Any], list[str]]:
    n, patience = {
        "easy": (8, 2),
        "medium": (10, draws.choice(rng, (2, 3))),
        "hard": (14, draws.choice(rng, (3, 4))),
    }[difficulty]
    top = 0.2 if n <= 10 else 0.12
    drops = np.sort(draws.grid(rng, 0.02, top, 0.01, size=n - 1))[::-1]
    start = draws.grid(rng, 1, 1.6, 0.1)
    train = np.round(start - np.r_[0, np.cumsum(drops)], 2)
    if train[-1] < 0.05:
        raise Redraw("the training loss went below 0")
    low = int(rng.integers(3, n - patience))  # where validation is lowest, roughly
    base = draws.grid(rng, 0.3, 0.6, 0.05)
    start = train[0] + draws.grid(rng, 0, 0.2, 0.05)
    epochs = np.arange(1, n + 1)
    down = (start - base) * ((low - epochs) / (low - 1)) ** 2  # falls with the training loss
    up = draws.choice(rng, (0.03, 0.05, 0.08)) * (epochs - low)  # then overfitting sets in
    curve = base + np.where(epochs <= low, down, up)
    noise = np.asarray(draws.grid(rng, -0.04, 0.04, 0.01, size=n), dtype=float)
    val = np.round(curve + noise, 2)
    stop, best, _ = run(val, patience)
    if difficulty == "hard" and stop <= n - 2 and rng.random() < 0.5:
        val[-1] = val[best - 1] - draws.choice(rng, (0.01, 0.02, 0.03))  # a later, lower dip
    given = {"train": _plain(train), "val": _plain(val), "patience": patience}
    stop, best, _ = run(given["val"], patience)
    if stop == n or best < 2:
        raise Redraw("early stopping never triggers, or the first epoch is best")
    if difficulty != "easy" and first_increase(given["val"])[0] == stop:
        raise Redraw("no noise: patience makes no difference")
    return given, ["stop_epoch", "best_epoch"]


def _plain(values) -> list:
    return [float(f"{v:.2f}") for v in values]


def first_increase(val: Sequence[float]) -> tuple[int, int]:
    """The notes' rule taken literally: stop at the first rise; keep the epoch before."""
    for e in range(1, len(val)):
        if val[e] > val[e - 1]:
            return e + 1, e
    return len(val), len(val)


MESSAGES = {
    "no_patience": "One epoch without improvement is not enough: the rule waits for P "
    "epochs in a row without improvement (noise often makes the validation loss blip up "
    "once).",
    "tie_improves": "A validation loss equal to the best is no improvement (it must be "
    "strictly lower): the earlier epoch stays the best, and the tie counts toward the "
    "patience.",
    "kept_last": "Early stopping restores the weights of the best epoch, not the ones from "
    "the epoch where it stopped.",
    "hindsight": "Training stopped before the later epochs happened: the best epoch must "
    "come from the epochs actually trained.",
    "patience_off_by_one": "Count P epochs without improvement after the best one; the best "
    "epoch itself does not count.",
    "training_loss": "Early stopping watches the validation loss; the training loss keeps "
    "falling as the network overfits.",
}


def mistakes(given: dict[str, Any], stop: int, best: int) -> list[plain.MistakeSpec]:
    val, P = given["val"], int(given["patience"])
    eager_stop, eager_best, _ = run(val, 1)  # stopping at the first epoch that fails
    tie_stop, tie_best, _ = run(val, P, strict=False)
    wrong: dict[str, Any] = {
        "no_patience": {"stop_epoch": float(eager_stop), "best_epoch": float(eager_best)}
        if P > 1
        else None,
        "tie_improves": {"stop_epoch": float(tie_stop), "best_epoch": float(tie_best)},
        "kept_last": {"best_epoch": float(stop)},
        "hindsight": {"best_epoch": float(np.argmin(val)) + 1},
        "patience_off_by_one": {"stop_epoch": float(run(val, P - 1)[0])} if P > 1 else None,
    }
    if "train" in given:
        last, lowest = len(val), float(np.argmin(given["train"])) + 1
        wrong["training_loss"] = {"stop_epoch": float(last), "best_epoch": lowest}
    return plain.specs(MESSAGES, wrong)


def build(given: dict[str, Any], asks: Sequence[str]) -> Built:
    if "train" in given and len(given["train"]) != len(given["val"]):
        raise GivenError("given.train", "needs one loss per epoch, like given.val")
    parsed = plain.parse_asks(asks, QUANTITIES, {})
    stop, best, waits = run(given["val"], int(given["patience"]))
    exact = {"stop_epoch": float(stop), "best_epoch": float(best)}
    return plain.finish(
        title=f"Early stopping with patience {given['patience']}",
        quantities=QUANTITIES,
        parsed=parsed,
        exact=exact,
        rounded=None,  # computed from the given numbers: only the answer is rounded
        mistakes=lambda: mistakes(given, stop, best),
        question=lambda: question(given),
        steps=lambda: solution(given, stop, best, waits),
        figures=lambda: [figure(given, stop, best)],
    )


def figure(given: dict[str, Any], stop: int, best: int):
    """The losses per epoch (validation dashed), the best and the stopping epoch marked;
    the epochs after the stop (logged, never trained) shaded, their curves faint."""
    val = given["val"]
    n = len(val)
    dots = n <= 30  # a marker at every epoch, while they stay apart
    series = [("validation loss", val, "6 4", "ring" if dots else "")]
    if "train" in given:
        series.insert(0, ("training loss", given["train"], "", "dot" if dots else ""))
    curves, low, high = [], 0.0, None
    for name, losses, dash, marker in series:
        floats = list(map(float, losses))
        low, top = min(low, min(floats)), max(floats)
        high = top if high is None or top > high else high  # the first largest, as max
        points = tuple(enumerate(floats, start=1))
        curves.append(plot.Curve(name, points[:stop], dash, marker))
        if stop < n:  # from the stop on, faint: it did not happen
            curves.append(plot.Curve("", points[stop - 1 :], dash, marker, faint=True))
    x = plot.nice_axis(0, n, "epoch", 6, whole=True)
    y = plot.nice_axis(low, high, "loss")
    marks = (
        ((best, f"best: {best}"), (stop, f"stop: {stop}"))
        if stop != best
        else ((best, f"best = stop: {best}"),)
    )
    after = (float(stop), "not trained") if stop < n else None
    drawing = plot.draw(plot.Plot(x, y, tuple(curves), marks=marks, after=after))
    alt = (
        (
            "Training loss (solid) and validation loss (dashed)"
            if "train" in given
            else "The validation loss (dashed)"
        )
        + f" over {n} epochs. "
        + _alt_story(val, int(given["patience"]), stop, best)
    )
    return pictures.figure("losses", "solution", drawing, alt)


def _alt_story(val: Sequence[float], patience: int, stop: int, best: int) -> str:
    """What the marks say, true also when an epoch after the stop has a lower loss."""
    n = len(val)
    low = num(val[best - 1]).text
    if stop == n:
        return (
            f"The validation loss is lowest at epoch {best} ({low}, marked best); with "
            f"patience {patience} training runs to the last epoch, {n} (marked stop)."
        )
    story = (
        f"Up to the stop, the validation loss is lowest at epoch {best} ({low}, marked "
        f"best); with patience {patience} training stops after epoch {stop} (marked stop). "
    ) + (
        f"Epochs {stop + 1} {'and' if stop + 2 == n else 'to'} {n} were never trained"
        " (shaded, the curves faint there)"
        if stop + 1 < n
        else f"Epoch {n} was never trained (shaded, the curves faint there)"
    )
    later = min(zip(val[stop:], range(stop, n)))[1]  # 0-based, after the stop
    if val[later] < val[best - 1]:
        story += (
            f": epoch {later + 1}'s validation loss, {num(val[later]).text}, is lower"
            " still, but early stopping never reaches it"
        )
    return story + "."


P_ = M("P", "P")
RULE = (
    "Early stopping with patience ",
    P_,
    ": after each epoch, compare the validation loss with the best (lowest) so far; it "
    "improves only if it is strictly lower. Stop at the end of the epoch that makes ",
    P_,
    " epochs in a row without improvement, and restore the weights of the best epoch; if "
    "that never happens, training runs to the last epoch. Epochs are numbered from 1.",
)


def question(given: dict[str, Any]):
    n = len(given["val"])
    train = "train" in given
    header = ("epoch", *(("training loss",) if train else ()), "validation loss")
    rows = [
        (num(e), *([num(given["train"][e - 1])] if train else []), num(v))
        for e, v in enumerate(given["val"], start=1)
    ]
    return [
        prose(
            f"A network trained for {n} epochs without early stopping logged these losses. ",
            *RULE,
        ),
        prose("Patience ", cat(P_, EQ, num(given["patience"])), "."),
        prose(""),  # a blank line: the table is a block of its own
        table("", header, rows),
    ]


def solution(given: dict[str, Any], stop: int, best: int, waits: list[int]) -> list:
    val, P = given["val"], int(given["patience"])
    train = "train" in given
    rows = []
    low = float("inf")
    for e, (v, w) in enumerate(zip(val, waits), start=1):
        new = v < low - 1e-12
        low = min(low, v)
        what = "new best" if new else f"no improvement ({w} in a row)"
        rows.append((num(e), *([num(given["train"][e - 1])] if train else []), num(v), what))
    header = ("epoch", "train", "validation", "") if train else ("epoch", "validation", "")
    trained = stop < len(val) or waits[-1] >= P
    # the losses are numbers (in LaTeX, math: a negative one written by hand has a minus)
    reason: list[M | str] = [
        f"Training stops after epoch {stop}: the validation loss has not beaten epoch {best}'s ",
        num(val[best - 1]),
        f" for {P} epoch{'s' * (P > 1)} in a row",
    ]
    if "train" in given and given["train"][stop - 1] < given["train"][best - 1]:
        reason += [
            ", while the training loss kept falling (from ",
            num(given["train"][best - 1]),
            " to ",
            num(given["train"][stop - 1]),
            "): the network has begun to overfit.",
        ]
    else:
        reason.append(".")
    reason.append(f" The weights of epoch {best} are restored.")
    later = [e for e in range(stop + 1, len(val) + 1) if val[e - 1] < val[best - 1] - 1e-12]
    if trained and later:
        e = later[0]
        reason += [
            f" Epoch {e}'s validation loss, ",
            num(val[e - 1]),
            f", is lower still, but training stopped after epoch {stop} and never ran epoch "
            f"{e}: early stopping can only keep an epoch it trained.",
        ]
    if not trained:
        reason = [
            f"The validation loss never went {P} epochs without improving, so training "
            f"runs to the last epoch, {stop}; the weights of epoch {best} (the lowest "
            "validation loss) are kept."
        ]
    return [
        table(
            "Track the best validation loss and the epochs since it improved:",
            header,
            rows[:stop],
        ),
        prose(*reason),
    ]


def _best_before(given: dict[str, Any], values: tuple, index: tuple) -> float | None:
    """The best epoch among those trained, when training stopped at the student's epoch
    (one it can stop at: not before ``patience`` epochs without improvement)."""
    stop = float(values[0])
    n = len(given["val"])
    if stop != int(stop) or not min(int(given["patience"]) + 1, n) <= stop <= n:
        return None
    return float(run(given["val"][: int(stop)], len(given["val"]) + 1)[1])


FAMILY = Family(
    id="early_stopping",
    topic="Early stopping",
    title="Early stopping",
    # 2: "no patience" is stopping at the first epoch without improvement (it was the
    # first rise, which in a tie named the wrong slip); a tie taken for an improvement is
    # its own mistake; the losses and the epoch log are tables (a phone shows them whole)
    version=2,
    draw=draw,
    build=build,
    validate=validate,
    default_asks=lambda given: ["stop_epoch", "best_epoch"],
    given_doc='{"train": [losses], "val": [losses], "patience": P}',
    asks_doc="stop_epoch, best_epoch",
    chains=fixed(Chain("best_epoch", ("stop_epoch",), _best_before)),
)
