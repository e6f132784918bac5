"""Worked solutions and statements for network problems, in the notes' notation.

Node layers are numbered from 1 (the input); W^(a) leaves layer a, so
z^(a+1) = W^(a) h^(a) + b^(a) and h^(a+1) = g(z^(a+1)); δ^(a) = ∂L/∂z^(a).
"""

from __future__ import annotations

from collections.abc import Sequence

from ...nn import Trace
from ..asks import Ask
from ..model import Part, Step
from ..network import Setup
from .backward import gradient_step, output_delta_step, output_dh_step, propagate_step
from .forward import forward_step
from .loss import loss_step
from .update import answer_step, fgsm_step, sgd_step


def solution(s: Setup, t: Trace, asks: Sequence[Ask], parts: Sequence[Part]) -> list[Step]:
    """The steps from the given values to every asked answer, in order."""
    n = s.n_layers
    backward = any(a.needs_backward and a.kind != "loss" for a in asks)
    need_loss = backward or any(a.kind == "loss" for a in asks)
    depth = (
        n
        if need_loss
        else max((a.layer - 1 if a.kind in ("z", "h") else n for a in asks), default=n)
    )
    steps = [forward_step(s, t, k) for k in range(depth)]
    if need_loss:
        steps.append(loss_step(s, t))
    if backward:
        steps.append(output_delta_step(s, t))
        if any(a.kind == "dh" and a.layer == n + 1 for a in asks) and s.net.is_fused(s.loss):
            steps.append(output_dh_step(s, t))
        lowest = n + 1
        for a in asks:
            if a.kind in ("dW", "db", "W_new", "b_new"):
                lowest = min(lowest, a.layer + 1)
            elif a.kind == "dz" or (a.kind == "dh" and a.layer <= n):
                lowest = min(lowest, a.layer)
            elif a.kind in ("dx", "x_adv"):
                lowest = 1
        for a in range(n, 0, -1):
            wanted = [
                (x.kind, x.index)
                for x in asks
                if x.kind in ("dW", "db", "W_new", "b_new") and x.layer == a
            ]
            if wanted:
                steps.append(gradient_step(s, t, a, wanted))
            if a >= lowest:  # lowest is 1 only when ∂L/∂x is needed
                steps.append(propagate_step(s, t, a))
        for x in asks:
            if x.kind == "x_adv":
                steps.append(fgsm_step(s, t))
                break
        for x in asks:
            if x.kind in ("W_new", "b_new"):
                steps.append(sgd_step(s, t, x.layer, x.kind))
    steps.append(answer_step(parts, s, asks, t))
    return steps
