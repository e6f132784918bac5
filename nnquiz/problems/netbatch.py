"""A batch of examples through a network (``nnquiz solve`` only): ``x`` is a list of n
examples, ``y`` one label each.

As in the notes, the batch loss is the mean of the examples' losses and its gradients
are the means of theirs; one gradient step uses the mean gradient; FGSM moves each
example by its own gradient's sign. Asks for a value each example has (``output``,
``zK``, ``hK``, ``dL/dzK``, ``dL/dhK``, ``dL/dx``, ``x_adv``) answer a matrix with one row
per example (a vector when that value is one number); ``loss``, ``dL/dWK``, ``dL/dbK``
and the new weights answer the averaged value, entries allowed. The worked solution
shows each example's forward and backward pass, then the averages.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ..nn import Trace
from . import netmistakes, netsteps, network
from .asks import Ask, symbol
from .family import Built, GivenError, Rendered, collect_mistakes
from .model import LABELS, TOL, Part, Step, prose, step
from .netsteps.backward import partial
from .netsteps.statement import loss_words
from .network import RIGHT_WAY, Setup
from .notation import EQ, PLUS, M, cat, inline, join, matrix, num, rel_all, sym, value

PER_EXAMPLE = frozenset(("output", "z", "h", "dz", "dh", "dx", "x_adv"))
AVERAGED = frozenset(("dW", "db"))


def examples(given: dict[str, Any]) -> list[dict[str, Any]]:
    """The given of each example on its own: the same network, its x and its label."""
    ys = given.get("y")
    out = []
    for k, x in enumerate(given["x"]):
        one = {**given, "x": x}
        if ys is not None:
            one["y"] = ys[k]
        out.append(one)
    return out


def check(asks: Sequence[Ask], n: int) -> None:
    for k, ask in enumerate(asks):
        if ask.kind in PER_EXAMPLE and ask.index:
            whole = ask.raw.split("[")[0]
            raise GivenError(
                f"asks[{k}]",
                f"{ask.raw!r}: in a batch of {n} examples ask for the whole {whole} (one row "
                "per example); entries [i] are for the loss's gradients and the new weights",
            )


def combine(ask: Ask, setups: Sequence[Setup], traces: Sequence[Trace], opts=RIGHT_WAY):
    """The batch's answer to ``ask``: one row per example, or the mean over the examples."""
    if ask.kind in PER_EXAMPLE:
        rows = [np.atleast_1d(network.answer_raw(ask, s, t, opts)) for s, t in zip(setups, traces)]
        table = np.array(rows, dtype=float)
        return network.pick(table[:, 0] if table.shape[1] == 1 else table, ())
    if ask.kind == "loss":
        return network.pick(np.mean([t.loss for t in traces]), ())
    if ask.kind in AVERAGED:
        mean = np.mean([network.answer_raw(ask, s, t) for s, t in zip(setups, traces)], axis=0)
        return network.pick(mean, ask.index)
    grad_kind = "dW" if ask.kind == "W_new" else "db"
    grad = np.mean(
        [
            network.answer_raw(Ask(ask.raw, grad_kind, ask.layer, ()), s, t)
            for s, t in zip(setups, traces)
        ],
        axis=0,
    )
    layer = setups[0].net.layers[ask.layer - 1]
    param = layer.W if ask.kind == "W_new" else layer.b
    rate = setups[0].lr if opts.step_lr else 1.0
    return network.pick(param + opts.step_direction * rate * grad, ask.index)


def build(
    given: dict[str, Any],
    asks: Sequence[str],
    *,
    title: str,
    mistake_ids: Sequence[str],
    min_mistakes: int = 2,
    allow_zero: bool = False,
) -> Built:
    n = len(given["x"])
    parsed = network.check_asks(asks, given)
    check(parsed, n)
    setups = [network.setup(g) for g in examples(given)]
    backward = any(a.needs_backward for a in parsed)
    traces = [network.run(s, backward) for s in setups]
    right = [combine(a, setups, traces) for a in parsed]
    labels = LABELS[: len(parsed)]
    parts = []
    for label, ask, ans in zip(labels, parsed, right):
        text, latex = _prompt(ask, setups[0], n)
        parts.append(Part(label, ask.raw, text, ans, TOL, latex))

    def mistakes():
        found = []
        with np.errstate(all="ignore"):
            for mid in mistake_ids:
                m = netmistakes.MISTAKES[mid]
                wrong_traces = [
                    netmistakes.mistaken_trace(m, s, t, backward) for s, t in zip(setups, traces)
                ]
                wrong = [combine(a, setups, wrong_traces, m.options) for a in parsed]
                found.append((m.id, m.message, wrong))
        return collect_mistakes(found, labels, right)

    return Built(
        f"{title}, over a batch of {n} examples",
        parts,
        lambda: Rendered(*statement(setups, given), tuple(solution(setups, traces, parsed, parts))),
        mistakes=mistakes,
        allow_zero=allow_zero,
        min_mistakes=min_mistakes,
    )


def _prompt(ask: Ask, s: Setup, n: int) -> tuple[str, str]:
    what = symbol(ask, s.n_layers)
    if ask.kind in PER_EXAMPLE:
        p = prose("Find ", what, f" for each of the {n} examples, one row per example.")
    elif ask.kind in ("W_new", "b_new"):
        p = prose(
            "Find ", what, f" after one step with the gradient averaged over the {n} examples."
        )
    else:
        p = prose("Find ", what, f", averaged over the {n} examples.")
    return p.text, p.latex


# ---------------------------------------------------------------- words


def statement(setups: Sequence[Setup], given: dict[str, Any]) -> tuple[str, str]:
    s = setups[0]
    lines = netsteps.statement.givens(s)[:-1]  # the weights; the inputs come below
    lines += [
        cat(M(f"example {k + 1}: ", rf"\text{{example {k + 1}: }}"), _example(e))
        for k, e in enumerate(setups)
    ]
    extra = []
    if s.loss is not None:
        extra.append(batch_loss_sentence(s, len(setups)))
    if s.epsilon is not None:
        extra.append(
            prose(
                "FGSM step size ",
                cat(M("ε", r"\epsilon"), EQ, num(s.epsilon)),
                ", for each example.",
            )
        )
    if s.lr is not None:
        extra.append(prose("Learning rate ", cat(M("η", r"\eta"), EQ, num(s.lr)), "."))
    return netsteps.statement.written(s, lines, extra)


def _example(s: Setup) -> M:
    """``x = [0.1, 0.2], y = 1``: one example of the batch."""
    line = cat(M("x", "x"), EQ, inline(s.x.tolist()))
    if s.y is None:
        return line
    shown = inline(s.y) if isinstance(s.y, list) else num(s.y)
    return cat(line, M(", y", r",\ y"), EQ, shown)


def batch_loss_sentence(s: Setup, n: int) -> Step:
    """The loss of each example (its own label), and the batch's: their mean."""
    return prose(
        *loss_words(s.loss, s.net.is_fused(s.loss)),
        f", for each example with its own label y. The batch loss is the mean of the {n} "
        "examples' losses, ",
        M(f"L = (1/{n}) Σₖ Lₖ", rf"L = \frac{{1}}{{{n}}}\sum_k L_k"),
        ", and its gradients are the means of theirs.",
    )


def solution(
    setups: Sequence[Setup], traces: Sequence[Trace], asks: Sequence[Ask], parts: Sequence[Part]
) -> list[Step]:
    n = len(setups)
    own = [a for a in asks if a.kind not in ("W_new", "b_new")]
    own += [
        Ask(a.raw, "dW" if a.kind == "W_new" else "db", a.layer, ())
        for a in asks
        if a.kind in ("W_new", "b_new")
    ]
    steps: list[Step] = []
    for k, (s, t) in enumerate(zip(setups, traces)):
        head = prose(
            f"Example {k + 1} of {n}: ",
            _example(s),
            ". In its steps L is this example's loss ",
            M(f"L{_sub(k + 1)}", f"L_{{{k + 1}}}"),
            ".",
        )
        steps.append(head)
        steps += netsteps.solution(s, t, own, [])[:-1]  # without its answers
    steps.append(average_step(setups, traces, asks))
    mean = _mean_trace(traces)
    for a in asks:
        if a.kind in ("W_new", "b_new"):
            steps.append(netsteps.update.sgd_step(setups[0], mean, a.layer, a.kind))
    steps.append(netsteps.update.answer_step(parts, setups[0], asks))
    return steps


def _mean_trace(traces: Sequence[Trace]) -> Trace:
    if not traces[0].dW:
        return traces[0]
    mean = Trace(hs=traces[0].hs, zs=traces[0].zs)
    mean.dW = [np.mean([t.dW[k] for t in traces], axis=0) for k in range(len(traces[0].dW))]
    mean.db = [np.mean([t.db[k] for t in traces], axis=0) for k in range(len(traces[0].db))]
    return mean


def average_step(setups: Sequence[Setup], traces: Sequence[Trace], asks: Sequence[Ask]) -> Step:
    """The batch's loss and gradients: the mean of the examples' values."""
    n = len(traces)
    over = M(f"(1/{n})·(", rf"\frac{{1}}{{{n}}}\left(")
    close = M(")", r"\right)")
    lines: list[M] = []
    if any(a.kind == "loss" for a in asks) or traces[0].dW:
        losses = [float(t.loss) for t in traces]
        lines.append(
            cat(
                M("L", "L"),
                EQ,
                over,
                join((num(v) for v in losses), PLUS),
                close,
                value(float(np.mean(losses))),
            )
        )
    layers = sorted({a.layer for a in asks if a.kind in ("dW", "db", "W_new", "b_new")})
    for a in layers:
        k = a - 1
        for name, grads in (("W", [t.dW[k] for t in traces]), ("b", [t.db[k] for t in traces])):
            mean = np.mean(grads, axis=0)
            shown = (
                matrix(mean.tolist()) if mean.ndim == 2 else matrix([[v] for v in mean.tolist()])
            )
            lines.append(
                cat(
                    partial(sym(name, a)),
                    EQ,
                    over,
                    _sum_symbols(name, a, n),
                    close,
                    rel_all(mean),
                    shown,
                )
            )
    for a in asks:
        if a.kind == "dW" and a.index:
            i, j = a.index
            vals = [float(t.dW[a.layer - 1][i, j]) for t in traces]
            entry = partial(sym("w", a.layer, i + 1, j + 1))
            lines.append(
                cat(
                    entry,
                    EQ,
                    over,
                    join((num(v) for v in vals), PLUS),
                    close,
                    value(float(np.mean(vals))),
                )
            )
    return step(f"The batch: the mean over its {n} examples.", *lines)


def _sum_symbols(name: str, a: int, n: int) -> M:
    terms = [
        M(
            f"∂L{_sub(k)}/∂{sym(name, a).text}",
            rf"\frac{{\partial L_{{{k}}}}}{{\partial {sym(name, a).latex}}}",
        )
        for k in range(1, n + 1)
    ]
    return join(terms, PLUS)


def _sub(k: int) -> str:
    from .notation import subscript

    return subscript(k)
